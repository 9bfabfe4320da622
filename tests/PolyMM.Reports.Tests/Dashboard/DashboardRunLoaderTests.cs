using System.Text.Json.Nodes;
using PolyMM.Reports.Dashboard;

namespace PolyMM.Reports.Tests.Dashboard;

public sealed class DashboardRunLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadRun_FullReport_ReadsKpisCurvesAndSeries()
    {
        var path = SampleReports.WriteTemp(_dir.Path, "b.json", SampleReports.Candidate());

        var run = DashboardRunLoader.LoadRun(path, fillsDir: null);

        Assert.Equal("8", run.RunId);
        Assert.Equal("k2_probabilistic", run.RunTag);
        Assert.Equal(3.4567m, run.Kpis.NetPnlUsd);
        Assert.Equal(-0.0025m, run.Kpis.QuoteSlippageP90);
        Assert.Equal(42m, run.Kpis.Fills);
        Assert.Null(run.Kpis.TruthfulRate); // null in the JSON stays "absent", not 0
        Assert.Equal(61, run.EquityCurve.Count);
        Assert.Equal(2, run.TopMarkets.Count);
        Assert.Equal(SampleReports.XssTitle, run.TitleOf("mkt-xss"));
        var fed = Assert.Single(run.Markets, m => m.MarketId == "mkt-fed-cut");
        Assert.Equal(5, fed.Bid.Count(p => p.Value is null)); // minutes 20-24 paused
        Assert.NotEmpty(fed.Fills);
        Assert.Null(run.FillsCsvName);
    }

    [Fact]
    public void LoadRun_MinimalReport_EmptyListsNotNulls()
    {
        var path = SampleReports.WriteTemp(_dir.Path, "min.json", new JsonObject { ["run_id"] = "r1", ["run_tag"] = "t" });

        var run = DashboardRunLoader.LoadRun(path, _dir.Path);

        Assert.Null(run.Kpis.NetPnlUsd);
        Assert.Empty(run.EquityCurve);
        Assert.Empty(run.ExposureCurve);
        Assert.Empty(run.TopMarkets);
        Assert.Empty(run.Markets);
        Assert.Empty(run.Warnings);
        Assert.Equal("some-market", run.TitleOf("some-market"));
    }

    [Fact]
    public void LoadRun_FillsCsvPresent_ReplacesReportMarkersWithEveryCsvFill()
    {
        var report = SampleReports.Baseline();
        report["market_series"]!["mkt-fed-cut"]!["fills"] = new JsonArray();
        var path = SampleReports.WriteTemp(_dir.Path, "a.json", report);
        var header = "run_id,run_tag,order_id,trade_id,market_id,market_slug,side,order_type,qty_shares,fill_ts,fill_price,filled_shares";
        File.WriteAllText(
            DashboardRunLoader.FillsCsvPath(_dir.Path, "baseline_k0"),
            header + "\n7,baseline_k0,o3,t3,mkt-fed-cut,fed,SELL,GTC,10,2025-03-14T09:07:00Z,0.43,4\n"
                   + "7,baseline_k0,o1,t1,mkt-fed-cut,fed,BUY,GTC,10,2025-03-14T09:05:00Z,0.41,10\n"
                   + "7,baseline_k0,o2,t2,mkt-only-in-csv,\"slug, with comma\",SELL,GTC,10,2025-03-14T09:06:00Z,0.58,\n");

        var run = DashboardRunLoader.LoadRun(path, _dir.Path);

        Assert.Equal("market_making_baseline_k0_fills.csv", run.FillsCsvName);
        var fed = Assert.Single(run.Markets, m => m.MarketId == "mkt-fed-cut");
        // Time order, whatever the CSV's row order, with the CSV's filled_shares as the size.
        Assert.Equal(
            [new FillMarker(SampleReports.Start.AddMinutes(5), FillSide.Buy, 0.41m, 10m), new FillMarker(SampleReports.Start.AddMinutes(7), FillSide.Sell, 0.43m, 4m)],
            fed.Fills);
        var csvOnly = Assert.Single(run.Markets, m => m.MarketId == "mkt-only-in-csv");
        var sell = Assert.Single(csvOnly.Fills);
        Assert.Equal(FillSide.Sell, sell.Side);
        Assert.Null(sell.Shares); // an empty filled_shares cell is "unknown", not 0
        // A market the CSV does not mention keeps the report's markers; the counts come from the CSV.
        Assert.Equal(SampleReports.Baseline()["market_series"]!["mkt-xss"]!["fills"]!.AsArray().Count, run.Markets.Single(m => m.MarketId == "mkt-xss").Fills.Count);
        Assert.Equal(2, run.CsvFillCounts!["mkt-fed-cut"]);
    }

    [Fact]
    public void LoadRun_FillsCsvOverlapsReportMarkers_CsvFillsOnlySoNoneDrawnTwice()
    {
        var path = SampleReports.WriteTemp(_dir.Path, "a.json", SampleReports.Baseline());
        File.WriteAllText(
            DashboardRunLoader.FillsCsvPath(_dir.Path, "baseline_k0"),
            "run_id,market_id,side,fill_ts,fill_price,filled_shares\n7,mkt-xss,BUY,2025-03-14T09:05:00Z,0.6,3\n");

        var run = DashboardRunLoader.LoadRun(path, _dir.Path);

        Assert.Equal(new FillMarker(SampleReports.Start.AddMinutes(5), FillSide.Buy, 0.6m, 3m), Assert.Single(run.Markets.Single(m => m.MarketId == "mkt-xss").Fills));
    }

    [Fact]
    public void LoadRun_ParamsAttributionMarkouts_Read()
    {
        var report = SampleReports.Baseline();
        report["params"] = new JsonObject { ["k_ticks"] = 2, ["fill_model"] = "trade-through", ["market_ids"] = new JsonArray("a", "b"), ["whitelist"] = null };
        report["attribution"] = new JsonObject { ["spread_capture_usd"] = 1.5m, ["fees_usd"] = -0.25m, ["net_pnl_usd"] = 1.25m };
        report["markouts"] = new JsonObject { ["horizons_sec"] = new JsonArray(1, 10, 60), ["mean_per_share"] = new JsonArray(0.002m, null, -0.001m) };
        var path = SampleReports.WriteTemp(_dir.Path, "p.json", report);

        var run = DashboardRunLoader.LoadRun(path, null);

        Assert.Equal(["k_ticks=2", "fill_model=trade-through", "market_ids=[\"a\",\"b\"]", "whitelist=null"], run.Params.Select(p => $"{p.Key}={p.Value}"));
        // Report keys in bar order; the four the report lacks are null.
        Assert.Equal([1.5m, null, null, null, null, -0.25m, 1.25m], run.Attribution!.Values);
        Assert.Equal([(1m, (decimal?)0.002m), (10m, null), (60m, -0.001m)], run.Markouts!.Points);
    }

    [Fact]
    public void LoadRun_NoAttributionOrMarkouts_Null()
    {
        var run = DashboardRunLoader.LoadRun(SampleReports.WriteTemp(_dir.Path, "n.json", SampleReports.Baseline()), null);

        Assert.Null(run.Attribution);
        Assert.Null(run.Markouts);
    }

    [Fact]
    public void LoadRun_FillsCsvOfAnotherRun_ThrowsNamingBothRuns()
    {
        var path = SampleReports.WriteTemp(_dir.Path, "a.json", SampleReports.Baseline());
        var csv = DashboardRunLoader.FillsCsvPath(_dir.Path, "baseline_k0");
        File.WriteAllText(csv, "run_id,market_id,side,fill_ts,fill_price\n6,mkt-fed-cut,BUY,2025-03-14T09:05:00Z,0.41\n");

        var ex = Assert.Throws<DashboardInputException>(() => DashboardRunLoader.LoadRun(path, _dir.Path));

        Assert.Equal($"{csv}: row 1 is of run 6, but the report {path} is of run 7; analyze the run again so its CSV matches", ex.Message);
    }

    [Fact]
    public void LoadRun_MissingFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_dir.Path, "nope.json");

        var ex = Assert.Throws<DashboardInputException>(() => DashboardRunLoader.LoadRun(path, null));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void LoadRun_InvalidJson_ThrowsOneLineNamingTheFile()
    {
        var path = Path.Combine(_dir.Path, "bad.json");
        File.WriteAllText(path, "{\"run_id\": 1,\n \"pnl\": {");

        var ex = Assert.Throws<DashboardInputException>(() => DashboardRunLoader.LoadRun(path, null));

        Assert.StartsWith(path + ": not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("{\"pnl\": {\"net_pnl_usd\": \"12.5\"}}", "pnl.net_pnl_usd is not a number")]
    [InlineData("{\"equity_curve\": [[\"yesterday\", 1]]}", "equity_curve[0] has a timestamp that is not ISO-8601")]
    [InlineData("{\"equity_curve\": {}}", "equity_curve is not a JSON array")]
    [InlineData("{\"market_series\": {\"m\": {\"fills\": [[\"2025-01-01T00:00:00Z\", \"HOLD\", 0.5]]}}}", "market_series.m.fills[0] needs a side")]
    [InlineData("[1, 2]", "the report is not a JSON object")]
    [InlineData("{\"attribution\": {\"fees_usd\": \"x\"}}", "attribution.fees_usd is not a number")]
    [InlineData("{\"markouts\": {\"horizons_sec\": [1, 10], \"mean_per_share\": [0.1]}}", "markouts has horizons_sec and mean_per_share of different lengths")]
    [InlineData("{\"params\": [1]}", "params is not a JSON object")]
    public void LoadRun_WrongTypes_ThrowsNamingKey(string json, string expected)
    {
        var path = Path.Combine(_dir.Path, "typed.json");
        File.WriteAllText(path, json);

        var ex = Assert.Throws<DashboardInputException>(() => DashboardRunLoader.LoadRun(path, null));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadRun_RunTagWithPathSeparator_RejectedBeforeTouchingTheFileSystem()
    {
        var path = SampleReports.WriteTemp(_dir.Path, "t.json", new JsonObject { ["run_id"] = 1, ["run_tag"] = "../../etc/x" });

        var ex = Assert.Throws<DashboardInputException>(() => DashboardRunLoader.LoadRun(path, _dir.Path));

        Assert.Contains("run_tag", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadRun_CsvMissingColumn_ThrowsNamingCsv()
    {
        var path = SampleReports.WriteTemp(_dir.Path, "c.json", new JsonObject { ["run_id"] = 1, ["run_tag"] = "tag" });
        var csv = DashboardRunLoader.FillsCsvPath(_dir.Path, "tag");
        File.WriteAllText(csv, "market_id,side,fill_ts\nm,BUY,2025-01-01T00:00:00Z\n");

        var ex = Assert.Throws<DashboardInputException>(() => DashboardRunLoader.LoadRun(path, _dir.Path));

        Assert.Equal($"{csv}: fills CSV lacks column(s) fill_price", ex.Message);
    }
}
