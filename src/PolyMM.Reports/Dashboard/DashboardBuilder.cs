using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Renders runs side by side as one self-contained HTML page (docs/design.md#dashboard): KPI cards with deltas against
/// the first run, equity and exposure charts, the top-10 markets table and a quote/fill chart per market.
/// The page has inline CSS and inline SVG only; a Content-Security-Policy forbids scripts and every
/// network fetch, so even a template mistake cannot make it call out. Output depends only on the input
/// (no clock), so the same reports give the same bytes.
/// </summary>
public static class DashboardBuilder
{
    /// <summary>Markets charted per run; the rest are listed by name so a reader knows they exist.</summary>
    public const int MaxMarketCharts = 20;

    private const string Csp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Load every report (and its fills CSV from <paramref name="fillsDir"/>) and render them.</summary>
    /// <exception cref="DashboardInputException">A report or CSV is missing or malformed.</exception>
    public static string Build(IEnumerable<string> reportJsonPaths, string? fillsDir) =>
        Render([.. reportJsonPaths.Select(p => DashboardRunLoader.LoadRun(p, fillsDir))]);

    /// <summary>The dashboard page for <paramref name="runs"/>; the first run is the baseline for deltas.</summary>
    public static string Render(IReadOnlyList<DashboardRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("The dashboard needs at least one run.", nameof(runs));
        }

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

        html.Append(Inv, $"<div class=\"runs\" style=\"--runs: {Math.Min(runs.Count, 3)}\">\n");
        for (var i = 0; i < runs.Count; i++)
        {
            AppendRun(html, runs, i);
        }

        html.Append("</div>\n</main>\n");
        html.Append("<footer>Money in USD, rates and slippage as percentages of the report's fractions, times in UTC. ");
        html.Append("Hover a point on a chart for its value. Deltas are each run minus the first run; pp = percentage points.</footer>\n");
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
        html.Append(Inv, $"<h2>{HtmlText.Encode(RunName(run))}</h2>");
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

        html.Append("<h3>Equity</h3>");
        var equity = new SvgChart($"Equity over time, run {run.RunId}", "Equity (USD)", v => DashboardFormat.Usd(v));
        equity.AddLine("equity", "equity", "s-equity", run.EquityCurve);
        AppendChart(html, equity, $"equity-{run.RunId}", "No equity curve in this report.");

        html.Append("<h3>Exposure</h3>");
        var exposure = new SvgChart($"Exposure over time, run {run.RunId}", "Exposure (USD)", v => DashboardFormat.Usd(v));
        exposure.AddLine("exposure", "exposure (cost basis)", "s-exposure", run.ExposureCurve);
        AppendChart(html, exposure, $"exposure-{run.RunId}", "No exposure curve in this report.");

        AppendTopMarkets(html, run);
        AppendMarkets(html, run);
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

    private static void AppendMarkets(StringBuilder html, DashboardRun run)
    {
        html.Append("<h3>Quotes and fills per market</h3>");
        var charted = run.Markets.Where(m => m.HasData).ToList();
        if (charted.Count == 0)
        {
            html.Append("<p class=\"no-data\">No per-market series in this report.</p>\n");
            return;
        }

        // Top-10 order first: the markets that mattered most are the ones a reader wants to see.
        var rank = run.TopMarkets.Select((m, i) => (m.MarketId, i)).GroupBy(x => x.MarketId).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var ordered = charted.Select((m, i) => (m, i))
            .OrderBy(x => rank.TryGetValue(x.m.MarketId, out var r) ? r : int.MaxValue)
            .ThenBy(x => x.i)
            .Select(x => x.m)
            .ToList();

        foreach (var market in ordered.Take(MaxMarketCharts))
        {
            var title = run.TitleOf(market.MarketId);
            html.Append(Inv, $"<figure class=\"market\" data-market=\"{HtmlText.Encode(market.MarketId)}\"><figcaption>{HtmlText.Encode(title)}");
            if (title != market.MarketId)
            {
                html.Append(Inv, $"<span class=\"id\">{HtmlText.Encode(market.MarketId)}</span>");
            }

            html.Append("</figcaption>");
            var chart = new SvgChart($"Mid, our quotes and fills in {title}", "Price (probability)", v => DashboardFormat.Price(v));
            chart.AddLine("mid", "mid", "s-mid", market.Mid, step: true);
            chart.AddLine("bid", "our bid", "s-bid", market.Bid, step: true);
            chart.AddLine("ask", "our ask", "s-ask", market.Ask, step: true);
            chart.AddFills(market.Fills);
            AppendChart(html, chart, $"market-{run.RunId}-{market.MarketId}", "No quotes or fills recorded for this market.");
            html.Append("</figure>\n");
        }

        if (ordered.Count > MaxMarketCharts)
        {
            var rest = string.Join(", ", ordered.Skip(MaxMarketCharts).Select(m => run.TitleOf(m.MarketId)));
            html.Append(Inv, $"<p class=\"note\">Not charted ({ordered.Count - MaxMarketCharts} more): {HtmlText.Encode(rest)}</p>\n");
        }
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
