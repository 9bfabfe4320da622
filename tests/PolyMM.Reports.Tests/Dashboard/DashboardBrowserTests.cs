using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PolyMM.Reports.Dashboard;

namespace PolyMM.Reports.Tests.Dashboard;

/// <summary>
/// The dashboard opened from a file:// URL in real headless Chromium: it must load cleanly, make no
/// network request, draw every chart, show the report's numbers, render visibly and keep hostile
/// market titles as text.
/// </summary>
public sealed class DashboardBrowserTests : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly ChromiumFixture _chromium;
    private readonly TempDir _dir = new();
    private readonly JsonObject _baseline = SampleReports.Baseline();
    private readonly JsonObject _candidate = SampleReports.Candidate();
    private readonly string _pageUrl;

    public DashboardBrowserTests(ChromiumFixture chromium)
    {
        _chromium = chromium;
        // The candidate has attribution and markouts (the baseline has neither), and more fills in mkt-xss, so
        // mkt-xss (9 + 30 fills) comes before mkt-fed-cut (9 + 21) in every run's column.
        _candidate["markets_top10"]![1]!["fills"] = 30;
        _candidate["attribution"] = new JsonObject
        {
            ["spread_capture_usd"] = 4.2m,
            ["adverse_selection_usd"] = -1.1m,
            ["inventory_pnl_usd"] = 0.3m,
            ["rewards_usd"] = 0.55m,
            ["rebates_usd"] = 0.02m,
            ["fees_usd"] = -0.31m,
            ["net_pnl_usd"] = 3.66m,
        };
        _candidate["markouts"] = new JsonObject { ["horizons_sec"] = new JsonArray(1, 10, 60, 300), ["mean_per_share"] = new JsonArray(0.002m, 0.001m, -0.001m, -0.003m) };
        _baseline["params"] = new JsonObject { ["k_ticks"] = 0, ["seed"] = 42 };
        _candidate["params"] = new JsonObject { ["k_ticks"] = 2, ["seed"] = 42 };
        var a = SampleReports.WriteTemp(_dir.Path, "baseline.json", _baseline);
        var b = SampleReports.WriteTemp(_dir.Path, "candidate.json", _candidate);
        var sensitivity = Path.Combine(_dir.Path, "sensitivity.json");
        File.WriteAllText(sensitivity, """
            {"models": [{"model": "trade-through", "fills": 42, "filled_shares": 420, "net_pnl_usd": 3.4567, "net_without_rewards_usd": 2.9, "max_drawdown_pct": 0.0087},
                        {"model": "probabilistic", "fills": 20, "filled_shares": 200, "net_pnl_usd": -0.8, "net_without_rewards_usd": -1.2, "max_drawdown_pct": 0.01}],
             "band": {"min_net_pnl_usd": -0.8, "max_net_pnl_usd": 3.4567}, "sign_depends_on_model": true}
            """);
        var htmlPath = Path.Combine(_dir.Path, "mm_dashboard.html");
        File.WriteAllText(htmlPath, DashboardBuilder.Build([a, b], _dir.Path, sensitivity));
        _pageUrl = new Uri(htmlPath).AbsoluteUri;
    }

    public void Dispose() => _dir.Dispose();

    private sealed record Observed(IPage Page, List<string> Requests, List<string> ConsoleErrors, List<string> Dialogs);

    private async Task<Observed> OpenAsync()
    {
        var page = await _chromium.Context.NewPageAsync();
        var observed = new Observed(page, [], [], []);
        page.Request += (_, r) => observed.Requests.Add(r.Url);
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                observed.ConsoleErrors.Add($"{m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => observed.ConsoleErrors.Add("page error: " + e);
        page.Dialog += async (_, d) =>
        {
            observed.Dialogs.Add($"{d.Type}: {d.Message}");
            await d.DismissAsync();
        };
        await page.GotoAsync(_pageUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return observed;
    }

    [Fact]
    public async Task Open_TwoRuns_NoConsoleErrorsAndNoNetworkRequests()
    {
        var o = await OpenAsync();
        await o.Page.WaitForTimeoutAsync(300); // let any late fetch or error surface before judging

        Assert.Empty(o.ConsoleErrors);
        Assert.Equal([_pageUrl], o.Requests);
        Assert.Equal("PolyMM dashboard — baseline_k0 vs k2_probabilistic", await o.Page.TitleAsync());
        await o.Page.CloseAsync();
    }

    [Fact]
    public async Task Open_TwoRuns_EveryChartHasDrawnData()
    {
        var o = await OpenAsync();

        // Per chart: how many series paths have a drawn length, and how many fill markers have a box.
        var charts = await o.Page.EvaluateAsync<ChartInfo[]>(@"() => Array.from(document.querySelectorAll('svg.chart')).map(svg => ({
            key: svg.dataset.chart,
            drawnSeries: Array.from(svg.querySelectorAll('path.series')).filter(p => p.getAttribute('d').length > 0 && p.getBBox().width > 0).length,
            fills: Array.from(svg.querySelectorAll('path[data-fill]')).filter(p => p.getBBox().width > 0).length,
            width: svg.getBoundingClientRect().width
        }))");

        // equity, drawdown, exposure (all runs on each) + 2 markets × 2 runs + attribution, markouts, sensitivity
        Assert.Equal(10, charts.Length);
        Assert.All(charts, c => Assert.True(c.Width > 200, $"{c.Key} is {c.Width}px wide"));
        Assert.All(charts.Where(c => c.Key is "equity" or "drawdown" or "exposure"), c => Assert.Equal(2, c.DrawnSeries)); // one per run
        Assert.All(charts.Where(c => c.Key!.StartsWith("market-", StringComparison.Ordinal)), c =>
        {
            Assert.Equal(3, c.DrawnSeries); // mid, bid, ask
            Assert.True(c.Fills > 0, $"{c.Key} shows no fills");
        });
        Assert.Equal(0, await o.Page.Locator("[data-chart-empty]").CountAsync());
        await o.Page.CloseAsync();
    }

    public sealed class ChartInfo
    {
        public string? Key { get; set; }

        public int DrawnSeries { get; set; }

        public int Fills { get; set; }

        public double Width { get; set; }
    }

    [Fact]
    public async Task Open_TwoRuns_KpiValuesEqualReportJson()
    {
        var o = await OpenAsync();
        var shown = await o.Page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('[data-kpi]')).map(e => [e.dataset.run, e.dataset.kpi, e.dataset.value, e.textContent])");

        // JSON path of each KPI in the report (docs/data-dictionary.md#report-json).
        var paths = new Dictionary<string, string[]>
        {
            ["net_pnl_usd"] = ["pnl", "net_pnl_usd"],
            ["net_without_rewards_usd"] = ["pnl", "net_without_rewards_usd"],
            ["fees_usd"] = ["pnl", "fees_usd"],
            ["rewards_usd"] = ["pnl", "rewards_usd"],
            ["max_drawdown_pct"] = ["inventory", "max_drawdown_pct"],
            ["stuck_inventory_count"] = ["inventory", "stuck_inventory_count"],
            ["passive_fill_rate"] = ["execution", "passive_fill_rate"],
            ["quote_slippage_p90"] = ["execution", "quote_slippage_pct", "p90"],
            ["fills"] = ["fills"],
            ["truthful_rate"] = ["truth", "truthful_rate"],
        };
        Assert.Equal(2 * paths.Count, shown.Length);
        foreach (var report in new[] { _baseline, _candidate })
        {
            var runId = report["run_id"]!.ToJsonString();
            foreach (var (kpi, path) in paths)
            {
                JsonNode? node = report;
                foreach (var step in path)
                {
                    node = node?[step];
                }

                var row = Assert.Single(shown, s => s[0] == runId && s[1] == kpi);
                if (node is null)
                {
                    Assert.Equal("", row[2]);
                    Assert.Equal("n/a", row[3]);
                }
                else
                {
                    Assert.Equal(decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture), decimal.Parse(row[2], NumberStyles.Float, CultureInfo.InvariantCulture));
                }
            }
        }

        // Spot-check the human text against hand-computed values.
        string Text(string run, string kpi) => shown.Single(s => s[0] == run && s[1] == kpi)[3];
        Assert.Equal("$3.46", Text("8", "net_pnl_usd"));
        Assert.Equal("-$1.25", Text("7", "net_pnl_usd"));
        Assert.Equal("93.33%", Text("8", "passive_fill_rate"));
        Assert.Equal("-0.25%", Text("8", "quote_slippage_p90"));
        Assert.Equal("1.23%", Text("7", "max_drawdown_pct"));
        Assert.Equal("n/a", Text("8", "truthful_rate"));
        Assert.Equal("+$4.71", (await o.Page.Locator("[data-kpi-delta='net_pnl_usd']").TextContentAsync())?.Trim());
        await o.Page.CloseAsync();
    }

    [Fact]
    public async Task Screenshot_TwoRuns_IsNotBlank()
    {
        var o = await OpenAsync();
        var png = await o.Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        if (Environment.GetEnvironmentVariable("POLYMM_SCREENSHOT_DIR") is { Length: > 0 } keep)
        {
            await File.WriteAllBytesAsync(Path.Combine(keep, "dashboard.png"), png);
        }

        var (width, height, colours) = PngColours.Analyse(png);

        Assert.Equal(1366, width);
        Assert.True(height > 900, $"full page is only {height}px tall");
        // A blank page has 1 colour; text, lines and markers in several colours give hundreds.
        Assert.True(colours > 100, $"only {colours} distinct colours");
        await o.Page.CloseAsync();
    }

    [Fact]
    public async Task Open_HostileMarketTitle_ShownAsTextAndNothingRuns()
    {
        var o = await OpenAsync();
        // Hovering the title's chart is when an injected handler would most likely fire.
        await o.Page.Locator(".market-row[data-market='mkt-xss'] svg.chart").First.HoverAsync();
        await o.Page.WaitForTimeoutAsync(300);

        Assert.Empty(o.Dialogs);
        Assert.Equal(0, await o.Page.Locator("img").CountAsync());
        var names = await o.Page.Locator("tr[data-market='mkt-xss'] td.market-name").AllTextContentsAsync();
        Assert.Equal(2, names.Count); // one row per run
        Assert.All(names, n => Assert.StartsWith(SampleReports.XssTitle, n, StringComparison.Ordinal));
        var caption = await o.Page.Locator(".market-row[data-market='mkt-xss'] h3.market-title").First.TextContentAsync();
        Assert.StartsWith(SampleReports.XssTitle, caption, StringComparison.Ordinal);
        Assert.Equal([_pageUrl], o.Requests); // an <img src=x> would have requested file:///…/x
        await o.Page.CloseAsync();
    }

    [Fact]
    public async Task Open_TwoRuns_OneSharedEquityChartAndMarketsOnTheSameRowsInEveryRun()
    {
        var o = await OpenAsync();

        // One equity chart for both runs, a drawn path per run.
        Assert.Equal(1, await o.Page.Locator("svg[data-chart='equity']").CountAsync());
        var runsDrawn = await o.Page.EvaluateAsync<string[]>(@"() => Array.from(document.querySelectorAll('svg[data-chart=equity] path.series'))
            .filter(p => p.getBBox().width > 100).map(p => p.dataset.runIndex)");
        Assert.Equal(["0", "1"], runsDrawn);

        // Market rows in one order; within a row, run 0 then run 1, side by side at the same height.
        var rows = await o.Page.EvaluateAsync<MarketRow[]>(@"() => Array.from(document.querySelectorAll('.market-row')).map(r => {
            const cells = Array.from(r.querySelectorAll(':scope > .cells > .cell'));
            return { market: r.dataset.market, runs: cells.map(c => c.dataset.runIndex).join(','),
                     tops: cells.map(c => Math.round(c.getBoundingClientRect().top)).join(','),
                     lefts: cells.map(c => Math.round(c.getBoundingClientRect().left)).join(',') };
        })");
        Assert.Equal(["mkt-xss", "mkt-fed-cut"], rows.Select(r => r.Market));
        Assert.All(rows, r =>
        {
            Assert.Equal("0,1", r.Runs);
            var tops = r.Tops!.Split(',');
            Assert.Equal(tops[0], tops[1]);
            var lefts = r.Lefts!.Split(',').Select(int.Parse).ToList();
            Assert.True(lefts[1] > lefts[0] + 200, $"{r.Market}: cells at {r.Lefts}");
        });
        // Every run's price charts use the same x ticks (one shared time axis).
        var ticks = await o.Page.EvaluateAsync<string[]>(@"() => Array.from(document.querySelectorAll('svg.chart[data-chart]'))
            .filter(s => s.querySelector('text[data-tick=x]'))
            .map(s => Array.from(s.querySelectorAll('text[data-tick=x]')).map(t => t.textContent).join(' '))");
        Assert.True(ticks.Length >= 7, $"{ticks.Length} time charts");
        Assert.Single(ticks.Distinct());
        await o.Page.CloseAsync();
    }

    public sealed class MarketRow
    {
        public string? Market { get; set; }

        public string? Runs { get; set; }

        public string? Tops { get; set; }

        public string? Lefts { get; set; }
    }

    [Fact]
    public async Task Open_AttributionMarkoutsSensitivity_DrawnOrMarkedMissing()
    {
        var o = await OpenAsync();

        var bars = await o.Page.EvaluateAsync<int>("() => Array.from(document.querySelectorAll('svg[data-chart=attribution] rect.bar')).filter(r => r.getBBox().width >= 1).length");
        Assert.Equal(7, bars); // the candidate's seven components
        Assert.True(await o.Page.Locator("[data-missing='attribution'][data-run-index='0']").IsVisibleAsync());
        Assert.Equal(4, await o.Page.Locator("svg[data-chart='markouts'] circle[data-run-index='1']").CountAsync());
        Assert.True(await o.Page.Locator("[data-missing='markouts'][data-run-index='0']").IsVisibleAsync());

        var models = await o.Page.EvaluateAsync<int>("() => Array.from(document.querySelectorAll('svg[data-chart=sensitivity] rect[data-model]')).filter(r => r.getBBox().height >= 1).length");
        Assert.Equal(2, models);
        Assert.True(await o.Page.Locator("[data-sign-warning]").IsVisibleAsync());
        Assert.Equal(2, await o.Page.Locator("table.params tr[data-param]").CountAsync());
        Assert.True(await o.Page.Locator("table.params tr.differs[data-param='k_ticks']").IsVisibleAsync());
        await o.Page.CloseAsync();
    }
}
