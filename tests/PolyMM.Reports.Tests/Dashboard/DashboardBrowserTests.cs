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
        var a = SampleReports.WriteTemp(_dir.Path, "baseline.json", _baseline);
        var b = SampleReports.WriteTemp(_dir.Path, "candidate.json", _candidate);
        var htmlPath = Path.Combine(_dir.Path, "mm_dashboard.html");
        File.WriteAllText(htmlPath, DashboardBuilder.Build([a, b], _dir.Path));
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

        // 2 runs × (equity + exposure + 2 markets)
        Assert.Equal(8, charts.Length);
        Assert.All(charts, c =>
        {
            Assert.True(c.DrawnSeries >= 1, $"{c.Key} has no drawn series");
            Assert.True(c.Width > 200, $"{c.Key} is {c.Width}px wide");
        });
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
        await o.Page.Locator("figure[data-market='mkt-xss'] svg.chart").First.HoverAsync();
        await o.Page.WaitForTimeoutAsync(300);

        Assert.Empty(o.Dialogs);
        Assert.Equal(0, await o.Page.Locator("img").CountAsync());
        var names = await o.Page.Locator("tr[data-market='mkt-xss'] td.market-name").AllTextContentsAsync();
        Assert.Equal(2, names.Count); // one row per run
        Assert.All(names, n => Assert.StartsWith(SampleReports.XssTitle, n, StringComparison.Ordinal));
        var caption = await o.Page.Locator("figure[data-market='mkt-xss'] figcaption").First.TextContentAsync();
        Assert.StartsWith(SampleReports.XssTitle, caption, StringComparison.Ordinal);
        Assert.Equal([_pageUrl], o.Requests); // an <img src=x> would have requested file:///…/x
        await o.Page.CloseAsync();
    }
}
