using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolyMM.Reports.Dashboard;

namespace PolyMM.Reports.Tests.Dashboard;

/// <summary>The comparison sections: shared time axis, market rows, attribution, markouts, parameters, sensitivity.</summary>
public sealed class DashboardComparisonTests
{
    private static DashboardRun Load(JsonObject report, string name = "r.json")
    {
        using var doc = JsonDocument.Parse(report.ToJsonString());
        return DashboardRunLoader.FromJson(doc.RootElement, name);
    }

    private static SensitivityData Sensitivity(bool signDepends)
    {
        var json = new JsonObject
        {
            ["models"] = new JsonArray(
                new JsonObject { ["model"] = "trade-through", ["fills"] = 40, ["filled_shares"] = 400, ["net_pnl_usd"] = 2.5m, ["net_without_rewards_usd"] = 2m, ["max_drawdown_pct"] = 0.01m },
                new JsonObject { ["model"] = "probabilistic", ["fills"] = 25, ["filled_shares"] = 250, ["net_pnl_usd"] = signDepends ? -1.75m : 0.5m, ["net_without_rewards_usd"] = -2m, ["max_drawdown_pct"] = 0.02m },
                new JsonObject { ["model"] = "queue", ["fills"] = 12, ["filled_shares"] = 120, ["net_pnl_usd"] = 0.25m, ["net_without_rewards_usd"] = null, ["max_drawdown_pct"] = null }),
            ["band"] = new JsonObject { ["min_net_pnl_usd"] = signDepends ? -1.75m : 0.25m, ["max_net_pnl_usd"] = 2.5m },
            ["sign_depends_on_model"] = signDepends,
        };
        using var doc = JsonDocument.Parse(json.ToJsonString());
        return SensitivityLoader.FromJson(doc.RootElement, "/x/sens.json");
    }

    private static List<TimePoint> Curve(DateTimeOffset start, params decimal?[] values) =>
        [.. values.Select((v, i) => new TimePoint(start.AddSeconds(i), v))];

    private static DashboardRun Run(string tag, DateTimeOffset start, int seconds) =>
        new(tag, tag, tag + ".json", null, new DashboardKpis(null, null, null, null, null, null, null, null, null, null),
            Curve(start, [.. Enumerable.Range(0, seconds + 1).Select(i => (decimal?)(1000 + i))]), [], [], new Dictionary<string, string>(), [], []);

    [Theory]
    [InlineData(10, 5)] // 10 s / 1 s = 10 ticks > 8, so 5 s
    [InlineData(40, 5)]
    [InlineData(41, 15)]
    [InlineData(3600, 900)] // an hour: 12 five-minute ticks > 8, so 15 min
    [InlineData(5 * 3600, 3600)]
    [InlineData(40 * 3600, 6 * 3600)] // 40 h / 6 h = 6.7 ticks
    [InlineData(3 * 86400, 86400)] // 72 h / 6 h = 12 ticks > 8, so 1 d
    [InlineData(4.6 * 86400, 86400)]
    public void PickStep_Span_RoundStepWithAtMostEightTicks(double span, double expected) =>
        Assert.Equal(expected, TimeAxis.PickStep(span));

    [Fact]
    public void TimeAxis_RunsStartingTogether_AbsoluteUtcTicksAtRoundTimes()
    {
        var start = new DateTimeOffset(2025, 3, 14, 9, 0, 7, TimeSpan.Zero);
        var axis = TimeAxis.For([Run("a", start, 3600), Run("b", start, 3000)]);

        Assert.False(axis.Elapsed);
        Assert.Equal(900, axis.Step);
        // Ticks at multiples of 15 min in UTC, inside 09:00:07 … 10:00:07.
        Assert.Equal(["09:15", "09:30", "09:45", "10:00"], axis.Ticks().Select(t => t.Label));
        Assert.Equal("Time (UTC, 2025-03-14)", axis.Caption());
    }

    [Fact]
    public void TimeAxis_RunsStartingApart_EachDrawnFromItsOwnStart()
    {
        var a = new DateTimeOffset(2026, 12, 1, 14, 49, 28, TimeSpan.Zero);
        var b = a.AddSeconds(3); // 3 s apart on a 10 s run: more than max(1 s, 5%)
        var axis = TimeAxis.For([Run("a", a, 10), Run("b", b, 10)]);

        Assert.True(axis.Elapsed);
        Assert.Equal(0, axis.ToAxis(1, b));
        Assert.Equal(4, axis.ToAxis(1, b.AddSeconds(4)));
        Assert.Equal(["+0:00:00", "+0:00:05", "+0:00:10"], axis.Ticks().Select(t => t.Label));
    }

    [Fact]
    public void Render_TwoRuns_OneEquityChartWithAPathPerRun()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(SampleReports.Candidate())]);

        Assert.Single(Regex.Matches(html, "data-chart=\"equity\""));
        var equity = Regex.Match(html, "<svg[^>]*data-chart=\"equity\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(["0", "1"], Regex.Matches(equity, "data-series=\"equity\" data-run-index=\"(\\d)\"").Select(m => m.Groups[1].Value));
        Assert.Single(Regex.Matches(html, "data-chart=\"drawdown\""));
        // Per-run equity charts of the old layout are gone.
        Assert.DoesNotContain("data-chart=\"equity-", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawdown_Equity_FractionBelowRunningPeak()
    {
        var t = SampleReports.Start;

        var dd = DashboardBuilder.Drawdown(Curve(t, 100m, 110m, 99m, null, 120m));

        // 99 vs peak 110: (99 − 110) / 110 = −0.1; a gap stays a gap; 120 is a new peak.
        Assert.Equal([0m, 0m, -0.1m, null, 0m], dd.Select(p => p.Value));
    }

    [Fact]
    public void Inventory_Fills_CumulativeSharesHeldToTheEnd()
    {
        var t = SampleReports.Start;
        var fills = new[]
        {
            new FillMarker(t.AddSeconds(10), FillSide.Buy, 0.4m, 10m),
            new FillMarker(t.AddSeconds(20), FillSide.Sell, 0.45m, 4m),
            new FillMarker(t.AddSeconds(30), FillSide.Buy, 0.41m, 2.5m),
        };

        var position = DashboardBuilder.Inventory(fills, t, t.AddSeconds(60))!;

        // 0 → +10 → 10 − 4 = 6 → 6 + 2.5 = 8.5, held to the run's end at 60 s.
        Assert.Equal([0m, 10m, 6m, 8.5m, 8.5m], position.Select(p => p.Value));
        Assert.Equal(t.AddSeconds(60), position[^1].Time);
        Assert.Null(DashboardBuilder.Inventory([fills[0] with { Shares = null }], t, null));
    }

    [Fact]
    public void MarketOrder_TwoRuns_ByFillsAcrossRunsThenId()
    {
        var a = SampleReports.Baseline(); // top10 fills: fed-cut 9, xss 9
        var b = SampleReports.Candidate(); // fed-cut 21, xss 21 → tie …
        b["markets_top10"]![1]!["fills"] = 30; // … broken: xss 9 + 30 = 39 > fed-cut 9 + 21 = 30

        Assert.Equal(["mkt-xss", "mkt-fed-cut"], DashboardBuilder.MarketOrder([Load(a), Load(b)]));
        Assert.Equal(["mkt-fed-cut", "mkt-xss"], DashboardBuilder.MarketOrder([Load(SampleReports.Baseline())])); // tie: by id
    }

    [Fact]
    public void Render_TwoRuns_MarketRowsHaveOneCellPerRunInRunOrder()
    {
        var b = SampleReports.Candidate();
        b["markets_top10"]![1]!["fills"] = 30;
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(b)]);

        var rows = Regex.Matches(html, "<div class=\"market-row\" data-market=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["mkt-xss", "mkt-fed-cut"], rows);
        var cells = Regex.Matches(html, "<div class=\"cell\" data-run-index=\"(\\d)\" data-market=\"([^\"]+)\"").Select(m => $"{m.Groups[2].Value}/{m.Groups[1].Value}");
        Assert.Equal(["mkt-xss/0", "mkt-xss/1", "mkt-fed-cut/0", "mkt-fed-cut/1"], cells);
    }

    [Fact]
    public void Render_DenseQuoteWithSubPixelGaps_OneUnbrokenLineAndABand()
    {
        var report = SampleReports.Baseline();
        var bid = new JsonArray();
        for (var i = 0; i < 6000; i++)
        {
            // A quote replaced every second with a null between: 0.40/0.42 alternating, gaps far below a pixel.
            var t = SampleReports.Start.AddSeconds(i * 0.6);
            bid.Add(new JsonArray(SampleReports.Iso(t), i % 3 == 2 ? null : i % 2 == 0 ? 0.40m : 0.42m));
        }

        report["market_series"] = new JsonObject { ["m"] = new JsonObject { ["bid"] = bid } };

        var html = DashboardBuilder.Render([Load(report)]);

        var d = Regex.Match(html, "data-series=\"bid\"[^>]*data-dense=\"1\" d=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(1, d.Count(c => c == 'M')); // one pen-down: no gap lasts a whole pixel column
        Assert.Matches("data-band=\"bid\" d=\"M", html);
    }

    [Fact]
    public void Render_ManyFills_DensityStripInsteadOfMarkers()
    {
        var report = SampleReports.Baseline();
        var fills = new JsonArray();
        for (var i = 0; i < 500; i++)
        {
            fills.Add(new JsonArray(SampleReports.Iso(SampleReports.Start.AddSeconds(i * 7)), i % 2 == 0 ? "BUY" : "SELL", 0.5m));
        }

        report["market_series"]!["mkt-fed-cut"]!["fills"] = fills;

        var html = DashboardBuilder.Render([Load(report)]);

        var fed = Regex.Match(html, "<svg[^>]*data-chart=\"market-0-mkt-fed-cut\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("data-fill-density=\"500\"", fed, StringComparison.Ordinal);
        Assert.DoesNotContain("data-fill=", fed, StringComparison.Ordinal);
        // The other market has 6 fills: markers, no strip.
        var xss = Regex.Match(html, "<svg[^>]*data-chart=\"market-0-mkt-xss\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("data-fill=", xss, StringComparison.Ordinal);
        Assert.DoesNotContain("data-fill-density", xss, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HugeSeries_PageSizeBoundedByPixelsNotPoints()
    {
        static string Page(int points)
        {
            var report = SampleReports.Baseline();
            var mid = new JsonArray();
            var equity = new JsonArray();
            var fills = new JsonArray();
            for (var i = 0; i < points; i++)
            {
                var t = SampleReports.Iso(SampleReports.Start.AddSeconds(i));
                mid.Add(new JsonArray(t, 0.4m + (i % 17 * 0.01m)));
                equity.Add(new JsonArray(t, 1000m + (i % 29)));
                fills.Add(new JsonArray(t, i % 2 == 0 ? "BUY" : "SELL", 0.5m));
            }

            report["equity_curve"] = equity;
            report["market_series"] = new JsonObject { ["m"] = new JsonObject { ["mid"] = mid, ["fills"] = fills } };
            using var doc = JsonDocument.Parse(report.ToJsonString());
            return DashboardBuilder.Render([DashboardRunLoader.FromJson(doc.RootElement, "r.json")]);
        }

        var small = Page(2_000).Length;
        var large = Page(100_000).Length;

        // 50× the points: the page grows by far less than 2× (each chart is drawn per pixel column).
        Assert.True(large < small * 2, $"{small} → {large} bytes");
    }

    [Fact]
    public void Render_AttributionInOneRun_BarsForItNoteForTheOther()
    {
        var b = SampleReports.Candidate();
        b["attribution"] = new JsonObject
        {
            ["spread_capture_usd"] = 4.2m,
            ["adverse_selection_usd"] = -1.1m,
            ["inventory_pnl_usd"] = 0.3m,
            ["rewards_usd"] = 0.55m,
            ["rebates_usd"] = 0.02m,
            ["fees_usd"] = -0.31m,
            ["net_pnl_usd"] = 3.66m,
        };
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(b)]);

        var bars = Regex.Matches(html, "data-bar=\"([^\"]+)\" data-run-index=\"(\\d)\" data-value=\"([^\"]*)\"").Select(m => $"{m.Groups[1].Value}|{m.Groups[2].Value}|{m.Groups[3].Value}").ToList();
        Assert.Equal(
            ["Spread capture|1|4.2", "Adverse selection|1|-1.1", "Inventory P&amp;L|1|0.3", "Rewards|1|0.55", "Rebates|1|0.02", "Fees|1|-0.31", "Net P&amp;L|1|3.66"],
            bars);
        Assert.Matches("data-missing=\"attribution\" data-run-index=\"0\"[^>]*>.*baseline_k0: P&amp;L attribution not in this report", html);
        Assert.DoesNotMatch("data-missing=\"attribution\" data-run-index=\"1\"", html);
        Assert.Contains(">-$1.10</text>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Markouts_OneCurvePerRunWithItsPoints()
    {
        var a = SampleReports.Baseline();
        a["markouts"] = new JsonObject { ["horizons_sec"] = new JsonArray(1, 10, 60, 300), ["mean_per_share"] = new JsonArray(0.001m, 0.0005m, -0.002m, -0.004m) };
        var html = DashboardBuilder.Render([Load(a), Load(SampleReports.Candidate())]);

        Assert.Equal(
            ["1|0.001", "10|0.0005", "60|-0.002", "300|-0.004"],
            Regex.Matches(html, "data-markout=\"([^\"]+)\" data-run-index=\"0\" data-value=\"([^\"]+)\"").Select(m => $"{m.Groups[1].Value}|{m.Groups[2].Value}"));
        Assert.Contains(">5 min</text>", html, StringComparison.Ordinal);
        Assert.Contains("k2_probabilistic: Markouts not in this report.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Params_SideBySideWithDifferingRowsMarked()
    {
        var a = SampleReports.Baseline();
        var b = SampleReports.Candidate();
        a["params"] = new JsonObject { ["k_ticks"] = 0, ["fill_model"] = "trade-through", ["seed"] = 42 };
        b["params"] = new JsonObject { ["k_ticks"] = 2, ["fill_model"] = "trade-through", ["latency_ms"] = 100 };

        var html = DashboardBuilder.Render([Load(a), Load(b)]);

        Assert.Equal(
            ["k_ticks", "fill_model", "seed", "latency_ms"],
            Regex.Matches(html, "<tr data-param=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<tr data-param=\"k_ticks\" class=\"differs\"><td>k_ticks</td><td>0</td><td>2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-param=\"fill_model\"><td>", html, StringComparison.Ordinal);
        Assert.Matches("<tr data-param=\"seed\" class=\"differs\"><td>seed</td><td>42</td><td><span class=\"id\">absent</span></td></tr>", html);
    }

    [Fact]
    public void Render_SensitivitySignDepends_BarsBandAndWarning()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline())], Sensitivity(signDepends: true));

        Assert.Equal(
            ["trade-through|2.5", "probabilistic|-1.75", "queue|0.25"],
            Regex.Matches(html, "<rect class=\"bar (?:pos|neg)\" data-model=\"([^\"]+)\" data-value=\"([^\"]+)\"").Select(m => $"{m.Groups[1].Value}|{m.Groups[2].Value}"));
        Assert.Contains("data-band=\"net_pnl\"", html, StringComparison.Ordinal);
        Assert.Contains("band -$1.75 … $2.50", html, StringComparison.Ordinal);
        Assert.Contains("data-sign-warning=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-model=\"queue\"><td>queue</td><td>12</td><td>120</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SensitivitySignStable_NoWarning()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline())], Sensitivity(signDepends: false));

        Assert.Contains("data-chart=\"sensitivity\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-sign-warning", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoSensitivity_NoSection()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline())]);

        Assert.DoesNotContain("id=\"sensitivity\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"models\": [{\"model\": \"a\", \"net_pnl_usd\": \"x\"}]}", "/x/s.json: models[0].net_pnl_usd is not a number")]
    [InlineData("{\"models\": {}}", "/x/s.json: models is not a JSON array")]
    [InlineData("{\"sign_depends_on_model\": \"yes\"}", "/x/s.json: sign_depends_on_model is not true or false")]
    [InlineData("[]", "/x/s.json: the sensitivity file is not a JSON object")]
    public void SensitivityLoader_WrongTypes_OneLineNamingKey(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);

        var ex = Assert.Throws<DashboardInputException>(() => SensitivityLoader.FromJson(doc.RootElement, "/x/s.json"));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Render_HostileModelNameAndParam_Escaped()
    {
        var a = SampleReports.Baseline();
        a["params"] = new JsonObject { ["<b>k</b>"] = "<script>alert(1)</script>" };
        using var doc = JsonDocument.Parse("{\"models\": [{\"model\": \"<img src=x>\", \"net_pnl_usd\": 1}]}");
        var sens = SensitivityLoader.FromJson(doc.RootElement, "s.json");

        var html = DashboardBuilder.Render([Load(a)], sens);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>k", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x&gt;", html, StringComparison.Ordinal);
    }
}
