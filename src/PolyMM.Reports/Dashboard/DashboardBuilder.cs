using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Renders runs for comparison as one self-contained HTML page (docs/design.md#dashboard): the KPI table with deltas
/// against the first run; every run's equity, drawdown and exposure overlaid on one shared time axis; P&amp;L
/// attribution and markouts per run; the fill-model sensitivity when given; the parameters side by side; one row per
/// market with the same market on the same row for every run; and per-run KPI cards and top-10 tables.
/// The page has inline CSS and inline SVG only; a Content-Security-Policy forbids scripts and every
/// network fetch, so even a template mistake cannot make it call out. Output depends only on the input
/// (no clock), so the same reports give the same bytes.
/// </summary>
public static class DashboardBuilder
{
    /// <summary>Market rows charted; the rest are listed by name so a reader knows they exist.</summary>
    public const int MaxMarketCharts = 20;

    private const string Csp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Load every report (and its fills CSV from <paramref name="fillsDir"/>) and render them.</summary>
    /// <exception cref="DashboardInputException">A report, CSV or the sensitivity file is missing or malformed.</exception>
    public static string Build(IEnumerable<string> reportJsonPaths, string? fillsDir, string? sensitivityPath = null) =>
        Render(
            [.. reportJsonPaths.Select(p => DashboardRunLoader.LoadRun(p, fillsDir))],
            sensitivityPath is null ? null : SensitivityLoader.Load(sensitivityPath));

    /// <summary>The dashboard page for <paramref name="runs"/>; the first run is the baseline for deltas.</summary>
    public static string Render(IReadOnlyList<DashboardRun> runs, SensitivityData? sensitivity = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("The dashboard needs at least one run.", nameof(runs));
        }

        var axis = TimeAxis.For(runs);
        var tags = string.Join(" vs ", runs.Select(RunName));
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(Inv, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{Csp}\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(Inv, $"<title>PolyMM dashboard — {HtmlText.Encode(tags)}</title>\n");
        html.Append("<style>\n").Append(DashboardStyles.Css).Append("\n</style>\n</head>\n<body>\n");

        html.Append("<header class=\"page\"><h1>PolyMM market-making dashboard</h1>");
        html.Append(Inv, $"<p>{(runs.Count == 1 ? "One run" : $"{runs.Count} runs, compared with the first")}: {HtmlText.Encode(tags)}</p></header>\n<main>\n");

        if (runs.Count > 1)
        {
            AppendComparison(html, runs);
        }

        AppendOverview(html, runs, axis);
        AppendAttribution(html, runs);
        AppendMarkouts(html, runs);
        if (sensitivity is not null)
        {
            AppendSensitivity(html, sensitivity);
        }

        AppendParams(html, runs);
        AppendMarkets(html, runs, axis);

        html.Append("<section class=\"details\" id=\"details\"><h2>Runs in detail</h2>");
        html.Append(Inv, $"<div class=\"runs\" style=\"--runs: {Math.Min(runs.Count, 3)}\">\n");
        for (var i = 0; i < runs.Count; i++)
        {
            AppendRun(html, runs, i);
        }

        html.Append("</div></section>\n</main>\n");
        html.Append("<footer>Money in USD, rates and slippage as percentages of the report's fractions, times in UTC. ");
        html.Append("Hover a point on a chart for its value. Deltas are each run minus the first run; pp = percentage points. ");
        html.Append("Dense lines are reduced per pixel column: the light band is each column's minimum to maximum.</footer>\n");
        AppendDataIsland(html, runs);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendComparison(StringBuilder html, IReadOnlyList<DashboardRun> runs)
    {
        var baseline = runs[0];
        html.Append("<section class=\"compare\"><h2>Comparison</h2><div class=\"table-wrap\"><table><thead><tr><th>KPI</th>");
        foreach (var run in runs)
        {
            html.Append(Inv, $"<th>{HtmlText.Encode(RunName(run))}</th>");
        }

        for (var i = 1; i < runs.Count; i++)
        {
            html.Append(Inv, $"<th>Δ {HtmlText.Encode(RunName(runs[i]))} − {HtmlText.Encode(RunName(baseline))}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var kpi in KpiDefinition.All)
        {
            html.Append(Inv, $"<tr><td>{HtmlText.Encode(kpi.Label)}</td>");
            foreach (var run in runs)
            {
                html.Append(Inv, $"<td>{HtmlText.Encode(kpi.Format(kpi.Select(run.Kpis)))}</td>");
            }

            for (var i = 1; i < runs.Count; i++)
            {
                var delta = kpi.Delta(baseline.Kpis, runs[i].Kpis);
                html.Append(Inv, $"<td class=\"{DeltaClass(kpi, delta)}\" data-kpi-delta=\"{kpi.Key}\" data-run=\"{HtmlText.Encode(runs[i].RunId)}\" data-base-run=\"{HtmlText.Encode(baseline.RunId)}\" data-value=\"{DashboardFormat.Raw(delta)}\">{HtmlText.Encode(kpi.FormatDelta(delta))}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></section>\n");
    }

    private static void AppendRun(StringBuilder html, IReadOnlyList<DashboardRun> runs, int index)
    {
        var run = runs[index];
        var runId = HtmlText.Encode(run.RunId);
        html.Append(Inv, $"<article class=\"run\" data-run=\"{runId}\" data-run-index=\"{index}\">\n");
        html.Append(Inv, $"<h2><span class=\"swatch-box r{index % DashboardStyles.RunColours}\"></span>{HtmlText.Encode(RunName(run))}</h2>");
        var meta = $"run_id {run.RunId} · report {run.SourceName}" + (run.FillsCsvName is null ? "" : $" · fills {run.FillsCsvName}");
        html.Append(Inv, $"<p class=\"meta\">{HtmlText.Encode(meta)}</p>\n");

        html.Append("<div class=\"kpis\">");
        foreach (var kpi in KpiDefinition.All)
        {
            var value = kpi.Select(run.Kpis);
            html.Append(Inv, $"<div class=\"kpi\"><div class=\"label\">{HtmlText.Encode(kpi.Label)}</div>");
            html.Append(Inv, $"<div class=\"value\" data-kpi=\"{kpi.Key}\" data-run=\"{runId}\" data-run-index=\"{index}\" data-value=\"{DashboardFormat.Raw(value)}\">{HtmlText.Encode(kpi.Format(value))}</div>");
            if (index > 0)
            {
                var delta = kpi.Delta(runs[0].Kpis, run.Kpis);
                html.Append(Inv, $"<div class=\"delta {DeltaClass(kpi, delta)}\">Δ {HtmlText.Encode(kpi.FormatDelta(delta))} vs first</div>");
            }
            else if (runs.Count > 1)
            {
                // Same card height in every column, so the charts below line up across runs.
                html.Append("<div class=\"delta\">baseline</div>");
            }

            html.Append("</div>");
        }

        html.Append("</div>\n");
        if (run.Warnings.Count > 0)
        {
            html.Append("<ul class=\"warnings\">");
            foreach (var w in run.Warnings)
            {
                html.Append(Inv, $"<li>{HtmlText.Encode(w)}</li>");
            }

            html.Append("</ul>\n");
        }

        AppendTopMarkets(html, run);
        html.Append("</article>\n");
    }

    private static void AppendTopMarkets(StringBuilder html, DashboardRun run)
    {
        html.Append("<h3>Top 10 markets by net P&amp;L</h3>");
        if (run.TopMarkets.Count == 0)
        {
            html.Append("<p class=\"no-data\">No market data in this report.</p>\n");
            return;
        }

        html.Append("<div class=\"table-wrap\"><table class=\"top10\"><thead><tr><th>Market</th><th>Net P&amp;L</th><th>Fills</th>");
        html.Append("<th>Fill rate</th><th>Avg spread</th><th>Avg depth</th><th>Max inventory</th><th>Worst tail slippage</th></tr></thead><tbody>");
        foreach (var m in run.TopMarkets)
        {
            var title = run.TitleOf(m.MarketId);
            html.Append(Inv, $"<tr data-market=\"{HtmlText.Encode(m.MarketId)}\"><td class=\"market-name\">{HtmlText.Encode(title)}");
            if (title != m.MarketId)
            {
                html.Append(Inv, $"<span class=\"id\">{HtmlText.Encode(m.MarketId)}</span>");
            }

            html.Append(Inv, $"</td><td class=\"{SignClass(m.NetPnlUsd)}\">{DashboardFormat.Usd(m.NetPnlUsd)}</td><td>{DashboardFormat.Count(m.Fills)}</td>");
            html.Append(Inv, $"<td>{DashboardFormat.Percent(m.FillRate)}</td><td>{DashboardFormat.Percent(m.AvgSpreadPct)}</td>");
            html.Append(Inv, $"<td>{DashboardFormat.Count(m.AvgDepth)}</td><td>{DashboardFormat.Usd(m.MaxInventoryHeld)}</td>");
            html.Append(Inv, $"<td>{DashboardFormat.Percent(m.WorstTailSlippage)}</td></tr>");
        }

        html.Append("</tbody></table></div>\n");
    }

    // Every run on one chart per measure, on the page's shared time axis (docs/design.md#dashboard-time-axis).
    private static void AppendOverview(StringBuilder html, IReadOnlyList<DashboardRun> runs, TimeAxis axis)
    {
        html.Append("<section class=\"overview\" id=\"overview\"><h2>Equity and drawdown</h2>");
        AppendRunLegend(html, runs, axis);
        const double Wide = 1100;
        var equity = new SvgChart("Equity over time, every run", "Equity (USD)", v => DashboardFormat.Usd(v), axis, 320, Wide);
        var drawdown = new SvgChart("Drawdown from the running peak, every run", "Drawdown", DashboardFormat.FinePercent, axis, 220, Wide);
        var exposure = new SvgChart("Exposure over time, every run", "Exposure (USD)", v => DashboardFormat.Usd(v), axis, 220, Wide);
        for (var i = 0; i < runs.Count; i++)
        {
            var css = $"r{i % DashboardStyles.RunColours}";
            equity.AddLine("equity", RunName(runs[i]), css, i, runs[i].EquityCurve);
            drawdown.AddLine("drawdown", RunName(runs[i]), css, i, Drawdown(runs[i].EquityCurve));
            exposure.AddLine("exposure", RunName(runs[i]), css, i, runs[i].ExposureCurve);
        }

        html.Append("<div class=\"wide\">");
        AppendChart(html, equity, "equity", "No equity curve in these reports.");
        html.Append("<h3>Drawdown</h3><p class=\"note\">Equity below its running peak, as a fraction of that peak (0 at a new high).</p>");
        AppendChart(html, drawdown, "drawdown", "No equity curve, so no drawdown, in these reports.");
        html.Append("<h3>Exposure</h3>");
        AppendChart(html, exposure, "exposure", "No exposure curve in these reports.");
        html.Append("</div></section>\n");
    }

    private static void AppendRunLegend(StringBuilder html, IReadOnlyList<DashboardRun> runs, TimeAxis axis)
    {
        html.Append("<ul class=\"run-legend\">");
        for (var i = 0; i < runs.Count; i++)
        {
            var start = axis.Starts[i] is { } s ? $"starts {DashboardFormat.Time(s)}" : "no time series";
            html.Append(Inv, $"<li data-run-index=\"{i}\"><span class=\"swatch-box r{i % DashboardStyles.RunColours}\"></span>{HtmlText.Encode(RunName(runs[i]))}<span class=\"id\">{HtmlText.Encode(start)}</span></li>");
        }

        html.Append("</ul>");
        if (axis.Elapsed)
        {
            html.Append("<p class=\"note\" data-axis=\"elapsed\">These runs did not start together, so each is drawn from its own first sample (time since start).</p>");
        }
    }

    /// <summary>(equity − running peak) / running peak at each sample: 0 at a new high, negative below it.</summary>
    public static List<TimePoint> Drawdown(IReadOnlyList<TimePoint> equity)
    {
        var result = new List<TimePoint>(equity.Count);
        decimal? peak = null;
        foreach (var p in equity)
        {
            if (p.Value is not { } v)
            {
                result.Add(p);
                continue;
            }

            peak = peak is { } pk ? Math.Max(pk, v) : v;
            result.Add(new TimePoint(p.Time, peak > 0 ? (v - peak.Value) / peak.Value : 0m));
        }

        return result;
    }

    private static void AppendAttribution(StringBuilder html, IReadOnlyList<DashboardRun> runs)
    {
        html.Append("<section class=\"attribution\" id=\"attribution\"><h2>P&amp;L attribution</h2>");
        var present = runs.Select((r, i) => (Run: i, Name: RunName(r), r.Attribution)).Where(x => x.Attribution is not null).ToList();
        if (present.Count > 0)
        {
            html.Append("<div class=\"wide\">");
            html.Append(SvgBars.Grouped(
                "attribution",
                "P&L attribution per run",
                [.. RunAttribution.Keys.Select(k => k.Label)],
                [.. present.Select(p => (p.Run, p.Name, p.Attribution!.Values))]));
            html.Append("</div>");
        }

        AppendMissing(html, runs, r => r.Attribution is null, "attribution", "P&L attribution");
        html.Append("</section>\n");
    }

    private static void AppendMarkouts(StringBuilder html, IReadOnlyList<DashboardRun> runs)
    {
        html.Append("<section class=\"markouts\" id=\"markouts\"><h2>Markouts</h2>");
        html.Append("<p class=\"note\">The report's mean markout per share (<code>mean_per_share</code>) at each horizon after our fills.</p>");
        var present = runs.Select((r, i) => (Run: i, Name: RunName(r), r.Markouts)).Where(x => x.Markouts is { Points.Count: > 0 }).ToList();
        if (present.Count > 0)
        {
            html.Append("<div class=\"wide\">").Append(SvgBars.Markouts("markouts", [.. present.Select(p => (p.Run, p.Name, p.Markouts!))])).Append("</div>");
        }

        AppendMissing(html, runs, r => r.Markouts is not { Points.Count: > 0 }, "markouts", "Markouts");
        html.Append("</section>\n");
    }

    private static void AppendMissing(StringBuilder html, IReadOnlyList<DashboardRun> runs, Func<DashboardRun, bool> missing, string key, string what)
    {
        for (var i = 0; i < runs.Count; i++)
        {
            if (missing(runs[i]))
            {
                html.Append(Inv, $"<p class=\"no-data\" data-missing=\"{key}\" data-run-index=\"{i}\"><span class=\"swatch-box r{i % DashboardStyles.RunColours}\"></span>{HtmlText.Encode(RunName(runs[i]))}: {HtmlText.Encode(what)} not in this report.</p>");
            }
        }
    }

    private static void AppendSensitivity(StringBuilder html, SensitivityData data)
    {
        html.Append("<section class=\"sensitivity\" id=\"sensitivity\"><h2>Fill-model sensitivity</h2>");
        html.Append(Inv, $"<p class=\"meta\">from {HtmlText.Encode(data.SourceName)}</p>");
        if (data.SignDependsOnModel)
        {
            html.Append("<p class=\"warning-line\" data-sign-warning=\"1\">Warning: the sign of net P&amp;L depends on the fill model — ");
            html.Append("some models make this run profitable and others make it lose. Do not trust either result on its own.</p>");
        }

        if (data.Models.Count == 0)
        {
            html.Append("<p class=\"no-data\">No models in the sensitivity file.</p></section>\n");
            return;
        }

        html.Append("<div class=\"wide\">").Append(SvgBars.Sensitivity("sensitivity", data)).Append("</div>");
        html.Append("<div class=\"table-wrap\"><table class=\"sens\"><thead><tr><th>Fill model</th><th>Fills</th><th>Filled shares</th><th>Net P&amp;L</th><th>Net without rewards</th><th>Max drawdown</th></tr></thead><tbody>");
        foreach (var m in data.Models)
        {
            html.Append(Inv, $"<tr data-model=\"{HtmlText.Encode(m.Model)}\"><td>{HtmlText.Encode(m.Model)}</td><td>{DashboardFormat.Count(m.Fills)}</td><td>{DashboardFormat.Count(m.FilledShares)}</td>");
            html.Append(Inv, $"<td class=\"{SignClass(m.NetPnlUsd)}\">{DashboardFormat.Usd(m.NetPnlUsd)}</td><td>{DashboardFormat.Usd(m.NetWithoutRewardsUsd)}</td><td>{DashboardFormat.Percent(m.MaxDrawdownPct)}</td></tr>");
        }

        html.Append("</tbody></table></div></section>\n");
    }

    // One row per parameter (report order, first run first), one column per run; a row whose values differ is marked.
    private static void AppendParams(StringBuilder html, IReadOnlyList<DashboardRun> runs)
    {
        html.Append("<section class=\"params\" id=\"params\"><h2>Parameters</h2>");
        var keys = runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            html.Append("<p class=\"no-data\">No parameters in these reports.</p></section>\n");
            return;
        }

        var lookup = runs.Select(r => r.Params.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal)).ToList();
        if (runs.Count > 1)
        {
            html.Append("<p class=\"note\">Rows where the runs differ are highlighted.</p>");
        }

        html.Append("<div class=\"table-wrap\"><table class=\"params\"><thead><tr><th>Parameter</th>");
        for (var i = 0; i < runs.Count; i++)
        {
            html.Append(Inv, $"<th><span class=\"swatch-box r{i % DashboardStyles.RunColours}\"></span>{HtmlText.Encode(RunName(runs[i]))}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var key in keys)
        {
            var values = lookup.Select(l => l.TryGetValue(key, out var v) ? v : null).ToList();
            var differs = runs.Count > 1 && values.Distinct(StringComparer.Ordinal).Count() > 1;
            html.Append(Inv, $"<tr data-param=\"{HtmlText.Encode(key)}\"{(differs ? " class=\"differs\"" : "")}><td>{HtmlText.Encode(key)}</td>");
            foreach (var v in values)
            {
                html.Append(Inv, $"<td>{(v is null ? "<span class=\"id\">absent</span>" : HtmlText.Encode(v))}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></section>\n");
    }

    /// <summary>
    /// Market order for every run: most fills across all runs first, then market id (ordinal), so a market is
    /// on the same row for every run. A run's fill count per market is its fills CSV's rows when it was read,
    /// else markets_top10's fills, else the report's fill markers.
    /// </summary>
    public static List<string> MarketOrder(IReadOnlyList<DashboardRun> runs)
    {
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var top = run.TopMarkets.GroupBy(t => t.MarketId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Fills, StringComparer.Ordinal);
            foreach (var m in run.Markets.Where(m => m.HasData))
            {
                var count = run.CsvFillCounts?.GetValueOrDefault(m.MarketId)
                    ?? (top.TryGetValue(m.MarketId, out var f) && f is { } tf ? tf : m.Fills.Count);
                totals[m.MarketId] = totals.GetValueOrDefault(m.MarketId) + count;
            }
        }

        return [.. totals.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key)];
    }

    private static void AppendMarkets(StringBuilder html, IReadOnlyList<DashboardRun> runs, TimeAxis axis)
    {
        html.Append("<section class=\"markets\" id=\"markets\"><h2>Markets</h2>");
        var order = MarketOrder(runs);
        if (order.Count == 0)
        {
            html.Append("<p class=\"no-data\">No per-market series in these reports.</p></section>\n");
            return;
        }

        html.Append("<p class=\"note\">One row per market, the same row for every run, most fills (all runs together) first. ");
        html.Append(Inv, $"Fills are marked one by one up to {SvgChart.MaxFillMarkers} per chart, and counted in a density strip beyond. ");
        html.Append("Inventory is the position in shares, replayed from the fills CSV.</p>");
        html.Append(Inv, $"<div class=\"market-head\" style=\"--runs: {runs.Count}\">");
        for (var i = 0; i < runs.Count; i++)
        {
            html.Append(Inv, $"<div data-run-index=\"{i}\"><span class=\"swatch-box r{i % DashboardStyles.RunColours}\"></span>{HtmlText.Encode(RunName(runs[i]))}</div>");
        }

        html.Append("</div>");
        foreach (var marketId in order.Take(MaxMarketCharts))
        {
            AppendMarketRow(html, runs, axis, marketId);
        }

        if (order.Count > MaxMarketCharts)
        {
            var rest = string.Join(", ", order.Skip(MaxMarketCharts).Select(id => runs.Select(r => r.TitleOf(id)).FirstOrDefault(t => t != id) ?? id));
            html.Append(Inv, $"<p class=\"note\">Not charted ({order.Count - MaxMarketCharts} more): {HtmlText.Encode(rest)}</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendMarketRow(StringBuilder html, IReadOnlyList<DashboardRun> runs, TimeAxis axis, string marketId)
    {
        var title = runs.Select(r => r.TitleOf(marketId)).FirstOrDefault(t => t != marketId) ?? marketId;
        html.Append(Inv, $"<div class=\"market-row\" data-market=\"{HtmlText.Encode(marketId)}\"><h3 class=\"market-title\">{HtmlText.Encode(title)}");
        if (title != marketId)
        {
            html.Append(Inv, $"<span class=\"id\">{HtmlText.Encode(marketId)}</span>");
        }

        html.Append(Inv, $"</h3><div class=\"cells\" style=\"--runs: {runs.Count}\">");
        var prices = new List<SvgChart?>();
        var inventories = new List<SvgChart?>();
        for (var i = 0; i < runs.Count; i++)
        {
            var market = runs[i].Markets.FirstOrDefault(m => m.MarketId == marketId);
            if (market is null || !market.HasData)
            {
                prices.Add(null);
                inventories.Add(null);
                continue;
            }

            var price = new SvgChart($"Mid, our quotes and fills in {title}, run {RunName(runs[i])}", "Price (probability)", v => DashboardFormat.Price(v), axis, 250);
            price.AddLine("mid", "mid", "s-mid", i, market.Mid);
            price.AddLine("bid", "our bid", "s-bid", i, market.Bid, step: true);
            price.AddLine("ask", "our ask", "s-ask", i, market.Ask, step: true);
            price.AddFills(i, market.Fills);
            prices.Add(price);

            var position = Inventory(market.Fills, axis.Starts[i], axis.Ends[i]);
            SvgChart? inventory = null;
            if (position is not null)
            {
                inventory = new SvgChart($"Inventory in {title}, run {RunName(runs[i])}", "Position (shares)", v => DashboardFormat.Count(v), axis, 160);
                inventory.AddLine("inventory", "position", "s-inv", i, position, step: true);
            }

            inventories.Add(inventory);
        }

        ShareDomain(prices, includeZero: false);
        ShareDomain(inventories, includeZero: true);
        for (var i = 0; i < runs.Count; i++)
        {
            var key = $"market-{i}-{marketId}";
            html.Append(Inv, $"<div class=\"cell\" data-run-index=\"{i}\" data-market=\"{HtmlText.Encode(marketId)}\">");
            if (prices[i] is not { } price)
            {
                html.Append(Inv, $"<p class=\"no-data\" data-chart-empty=\"{HtmlText.Encode(key)}\">{HtmlText.Encode(RunName(runs[i]))}: no quotes or fills for this market.</p>");
            }
            else
            {
                AppendChart(html, price, key, "No quotes or fills recorded for this market.");
                if (inventories[i] is { } inv)
                {
                    AppendChart(html, inv, $"inventory-{i}-{marketId}", "No inventory.");
                }
                else
                {
                    html.Append("<p class=\"note inventory-missing\">Inventory needs the run's fills CSV (<code>--fills-dir</code>): the report's fill markers have no sizes.</p>");
                }
            }

            html.Append("</div>");
        }

        html.Append("</div></div>\n");
    }

    private static void ShareDomain(List<SvgChart?> charts, bool includeZero)
    {
        var ranges = charts.Select(c => c?.ValueRange).OfType<(double Min, double Max)>().ToList();
        if (ranges.Count == 0)
        {
            return;
        }

        var (lo, hi) = (ranges.Min(r => r.Min), ranges.Max(r => r.Max));
        if (includeZero)
        {
            (lo, hi) = (Math.Min(lo, 0), Math.Max(hi, 0));
        }

        foreach (var c in charts)
        {
            c?.SetYDomain(lo, hi);
        }
    }

    /// <summary>
    /// The position in shares over time, from 0 at the run's start, +shares per buy and −shares per sell, held
    /// to the run's end; null when a fill has no size (the report's markers), as a position cannot be replayed then.
    /// </summary>
    public static List<TimePoint>? Inventory(IReadOnlyList<FillMarker> fills, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (fills.Count == 0 || fills.Any(f => f.Shares is null))
        {
            return null;
        }

        var points = new List<TimePoint>(fills.Count + 2);
        var first = start is { } s && s < fills[0].Time ? s : fills[0].Time;
        points.Add(new TimePoint(first, 0m));
        var position = 0m;
        foreach (var f in fills)
        {
            position += f.Side == FillSide.Buy ? f.Shares!.Value : -f.Shares!.Value;
            points.Add(new TimePoint(f.Time, position));
        }

        if (end is { } e && e > fills[^1].Time)
        {
            points.Add(new TimePoint(e, position));
        }

        return points;
    }

    private static void AppendChart(StringBuilder html, SvgChart chart, string key, string noData)
    {
        html.Append(chart.HasData ? chart.Render(key) : $"<p class=\"no-data\" data-chart-empty=\"{HtmlText.Encode(key)}\">{HtmlText.Encode(noData)}</p>");
        html.Append('\n');
    }

    // Machine-readable copy of the KPIs for tools that scrape the page. Utf8JsonWriter's default encoder
    // escapes < > & ' as \uXXXX, so no data value can close the script element.
    private static void AppendDataIsland(StringBuilder html, IReadOnlyList<DashboardRun> runs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("runs");
            foreach (var run in runs)
            {
                json.WriteStartObject();
                json.WriteString("run_id", run.RunId);
                json.WriteString("run_tag", run.RunTag);
                json.WriteStartObject("kpis");
                foreach (var kpi in KpiDefinition.All)
                {
                    WriteNumber(json, kpi.Key, kpi.Select(run.Kpis));
                }

                json.WriteEndObject();
                json.WriteStartObject("deltas_vs_first");
                foreach (var kpi in KpiDefinition.All)
                {
                    WriteNumber(json, kpi.Key, kpi.Delta(runs[0].Kpis, run.Kpis));
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        html.Append("<script type=\"application/json\" id=\"polymm-dashboard-data\">").Append(text).Append("</script>\n");
    }

    private static void WriteNumber(Utf8JsonWriter json, string key, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(key, v);
        }
        else
        {
            json.WriteNull(key);
        }
    }

    private static string RunName(DashboardRun run) =>
        run.RunTag.Length > 0 ? run.RunTag : $"run {run.RunId}";

    private static string DeltaClass(KpiDefinition kpi, decimal? delta) =>
        kpi.HigherIsBetter is not { } higher || delta is not { } d || d == 0m ? "" : (d > 0) == higher ? "good" : "bad";

    private static string SignClass(decimal? value) =>
        value is { } v && v != 0m ? (v > 0 ? "good" : "bad") : "";
}
