using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolyMM.Reports.Dashboard;

namespace PolyMM.Reports.Tests.Dashboard;

public sealed class DashboardBuilderTests
{
    private static DashboardRun Load(JsonObject report, string name = "r.json")
    {
        using var doc = JsonDocument.Parse(report.ToJsonString());
        return DashboardRunLoader.FromJson(doc.RootElement, name);
    }

    private static string Attr(string html, string selectorAttrs)
    {
        var m = Regex.Match(html, "<[^>]*" + selectorAttrs + "[^>]*data-value=\"([^\"]*)\"");
        Assert.True(m.Success, $"no element with {selectorAttrs}");
        return m.Groups[1].Value;
    }

    [Fact]
    public void Render_HostileMarketTitle_EscapedEverywhere()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline())]);

        Assert.DoesNotContain(SampleReports.XssTitle, html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_HostileTagAndWarning_EscapedInTextAttributesAndJson()
    {
        var report = SampleReports.Baseline();
        report["run_tag"] = "</script><script>alert(1)</script>";
        report["run_id"] = "\"><svg onload=alert(2)>";
        report["warnings"] = new JsonArray("<b>bold</b> & 'quoted'");
        var html = DashboardBuilder.Render([Load(report)]);

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;", html, StringComparison.Ordinal);
        Assert.Contains("data-run=\"&quot;&gt;&lt;svg onload=alert(2)&gt;\"", html, StringComparison.Ordinal);

        // The JSON island survives intact: exactly one </script> closes it, and it parses back to the tag.
        var island = Regex.Match(html, "<script type=\"application/json\" id=\"polymm-dashboard-data\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(island.Success);
        Assert.DoesNotContain("<", island.Groups[1].Value, StringComparison.Ordinal);
        var data = JsonNode.Parse(island.Groups[1].Value)!;
        Assert.Equal("</script><script>alert(1)</script>", (string?)data["runs"]![0]!["run_tag"]);
    }

    [Fact]
    public void Render_TwoRuns_DeltaIsSecondMinusFirst()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(SampleReports.Candidate())]);

        // net P&L: 3.4567 − (−1.25) = 4.7067 → "+$4.71"
        Assert.Equal("4.7067", Attr(html, "data-kpi-delta=\"net_pnl_usd\""));
        Assert.Contains(">+$4.71<", html, StringComparison.Ordinal);
        // fees: 0.31 − 0.48 = −0.17, lower fees are better → class good
        Assert.Equal("-0.17", Attr(html, "data-kpi-delta=\"fees_usd\""));
        Assert.Matches("class=\"good\" data-kpi-delta=\"fees_usd\"", html);
        // passive fill rate: 0.9333 − 0.62 = 0.3133 → "+31.33 pp"
        Assert.Equal("0.3133", Attr(html, "data-kpi-delta=\"passive_fill_rate\""));
        Assert.Contains(">+31.33 pp<", html, StringComparison.Ordinal);
        // fills: 42 − 18 = 24; stuck inventory 1 − 0 = 1 (worse)
        Assert.Equal("24", Attr(html, "data-kpi-delta=\"fills\""));
        Assert.Matches("class=\"bad\" data-kpi-delta=\"stuck_inventory_count\"", html);
        // truthful rate is null in the second run: no delta rather than a made-up one
        Assert.Equal("", Attr(html, "data-kpi-delta=\"truthful_rate\""));
    }

    [Fact]
    public void Render_OneRun_NoComparisonSection()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline())]);

        Assert.DoesNotContain("data-kpi-delta", html, StringComparison.Ordinal);
        Assert.Equal("-1.25", Attr(html, "data-kpi=\"net_pnl_usd\""));
        Assert.Contains(">-$1.25<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReportWithNothingButIds_NoDataTextInsteadOfCharts()
    {
        var html = DashboardBuilder.Render([Load(new JsonObject { ["run_id"] = 3, ["run_tag"] = "empty", ["truth"] = new JsonObject { ["truthful_rate"] = null } })]);

        Assert.Contains("No equity curve in these reports.", html, StringComparison.Ordinal);
        Assert.Contains("No exposure curve in these reports.", html, StringComparison.Ordinal);
        Assert.Contains("No market data in this report.", html, StringComparison.Ordinal);
        Assert.Contains("No per-market series in these reports.", html, StringComparison.Ordinal);
        Assert.Contains("empty: P&amp;L attribution not in this report.", html, StringComparison.Ordinal);
        Assert.Contains("empty: Markouts not in this report.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Equal("", Attr(html, "data-kpi=\"truthful_rate\""));
        Assert.Contains(">n/a<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmptyAndNullSeries_Tolerated()
    {
        var report = SampleReports.Baseline();
        report["equity_curve"] = new JsonArray();
        report["exposure_curve"] = null;
        report["market_series"] = new JsonObject
        {
            ["mkt-fed-cut"] = new JsonObject { ["mid"] = new JsonArray(), ["bid"] = new JsonArray(new JsonArray("2025-03-14T09:00:00Z", null)) },
            ["mkt-gone"] = null,
        };

        var html = DashboardBuilder.Render([Load(report)]);

        Assert.Contains("No equity curve in these reports.", html, StringComparison.Ordinal);
        Assert.Contains("No exposure curve in these reports.", html, StringComparison.Ordinal);
        Assert.Contains("No quotes or fills recorded for this market.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SinglePointCurve_StillDrawsSomething()
    {
        var report = SampleReports.Baseline();
        report["equity_curve"] = new JsonArray(new JsonArray("2025-03-14T09:00:00Z", 1000.5m));

        var html = DashboardBuilder.Render([Load(report)]);

        Assert.Matches("data-series=\"equity\"[^>]* d=\"M[0-9.]+,[0-9.]+\"", html);
    }

    [Fact]
    public void Render_QuoteGap_BreaksTheLine()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline())]);

        // Minutes 20-24 have no bid: the bid path restarts with a second move-to.
        var bid = Regex.Match(html, "data-series=\"bid\"[^>]* d=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(2, bid.Count(c => c == 'M'));
    }

    [Fact]
    public void Render_Page_IsSelfContained()
    {
        var html = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(SampleReports.Candidate())]);

        // Attribute values are blanked first: escaped data text such as "src=x" inside them is harmless.
        var markup = Regex.Replace(html, "\"[^\"]*\"", "\"\"");
        Assert.DoesNotMatch("<[^>]*\\s(src|href|srcset|xlink:href)\\s*=", markup);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameInput_SameBytes()
    {
        var a = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(SampleReports.Candidate())]);
        var b = DashboardBuilder.Render([Load(SampleReports.Baseline()), Load(SampleReports.Candidate())]);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Render_LongCurve_ThinnedButKeepsExtremes()
    {
        var report = SampleReports.Baseline();
        var curve = new JsonArray();
        for (var i = 0; i < 20_000; i++)
        {
            // A single spike at i = 12,345 must survive thinning.
            curve.Add(new JsonArray(SampleReports.Iso(SampleReports.Start.AddSeconds(i)), i == 12_345 ? 2000m : 1000m + (i % 7)));
        }

        report["equity_curve"] = curve;

        var html = DashboardBuilder.Render([Load(report)]);

        // 20,000 points on a 994-column plot: one point per pixel column at most.
        var d = Regex.Match(html, "data-series=\"equity\"[^>]* d=\"([^\"]*)\"").Groups[1].Value;
        Assert.InRange(d.Count(c => c == 'L'), 100, 994);
        // The y axis reaches the spike: range 1000..2000 padded 8% → ticks every $500 up to $2,000.
        Assert.Contains(">$2,000.00</text>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoRuns_Throws() =>
        Assert.Throws<ArgumentException>(() => DashboardBuilder.Render([]));
}
