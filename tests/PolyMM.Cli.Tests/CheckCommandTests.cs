using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class CheckCommandTests
{
    private const string Header = "run_id,order_id,market_id,side,fill_ts,fill_price,filled_shares";

    public static TheoryData<string, string, string[], string> Failures => new()
    {
        {
            "reconciliation",
            Report(recon: "fail"), [Header, Row(1, "m1", "BUY", 0, "0.5", "20")],
            "FAIL: reconciliation_status is 'fail', expected 'pass'"
        },
        {
            "truthful_rate",
            Report(fills: 2, truthful: 1, rate: "0.5"), [Header, Row(1, "m1", "BUY", 0, "0.5", "20")],
            "FAIL: truthful_rate 0.5 < minimum 0.99 (1 of 2 fills truthful)"
        },
        {
            // 3 buys of 20 shares at 0.5 in one market: cost basis 10, 20, 30 > per-market cap 25.
            "per_market_cap",
            Report(fills: 3, truthful: 3), [Header, Row(1, "m1", "BUY", 0, "0.5", "20"), Row(2, "m1", "BUY", 2, "0.5", "20"), Row(3, "m1", "BUY", 4, "0.5", "20")],
            "FAIL: per_market_exposure_exceeded: exposure in m1 reached 30.0 > cap 25 at r-3"
        },
        {
            // 10 + 10 + 10 across three markets: total 30 > cap 25 while each market stays at 10.
            "total_cap",
            Report(fills: 3, truthful: 3), [Header, Row(1, "m1", "BUY", 0, "0.5", "20"), Row(2, "m2", "BUY", 2, "0.5", "20"), Row(3, "m3", "BUY", 4, "0.5", "20")],
            "FAIL: total_exposure_exceeded: total exposure reached 30.0 > cap 25 at r-3"
        },
        {
            "sell_before_buy",
            Report(fills: 2, truthful: 2), [Header, Row(1, "m1", "SELL", 0, "0.5", "20"), Row(2, "m1", "BUY", 2, "0.5", "20")],
            "FAIL: negative_inventory: sell r-1 of 20 shares in m1 exceeds the shares held by 20"
        },
        {
            // |net + fees| = |−10 + 2| = 8 > 5.
            "baseline",
            Report(net: "-10", fees: "2"), [Header, Row(1, "m1", "BUY", 0, "0.5", "20")],
            "FAIL: baseline |net_pnl_usd + fees_usd| = |-10 + 2| = 8 > tolerance 5.0"
        },
        {
            "not_json",
            "{\"run_id\": \"r\", \"fills\": 1, \"truth\": {", [Header, Row(1, "m1", "BUY", 0, "0.5", "20")],
            "FAIL: report {report} is not valid JSON"
        },
        {
            "missing_column",
            Report(), ["run_id,order_id,market_id,side,fill_ts,fill_price", "r,r-1,m1,BUY,2026-02-06T02:09:28.000Z,0.5"],
            "FAIL: fills CSV {csv} lacks column(s) filled_shares"
        },
        {
            "non_numeric",
            Report(), [Header, Row(1, "m1", "BUY", 0, "abc", "20")],
            "FAIL: fills CSV {csv} row 1: fill_price 'abc' is not a price in [0,1]"
        },
        {
            "doctored_count",
            Report(fills: 2, truthful: 2), [Header, Row(1, "m1", "BUY", 0, "0.5", "20")],
            "FAIL: fills CSV {csv} has 1 fills but the report's truth.truthful_fills is 2"
        },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Check_BadInput_PrintsOneFailLineExit1(string name, string report, string[] csv, string expected)
    {
        using var dir = new TempDir();
        var reportPath = dir.File(name + ".json");
        var csvPath = dir.File(name + ".csv");
        File.WriteAllText(reportPath, report);
        File.WriteAllLines(csvPath, csv);
        var args = new List<string> { "check", "--report-json", reportPath, "--fills-csv", csvPath, "--max-per-market-exposure-usd", "25", "--max-exposure-usd", "25" };
        if (name == "baseline")
        {
            args.Add("--baseline");
        }

        var result = Mm.Run([.. args]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdoutLines);
        Assert.StartsWith(expected.Replace("{report}", reportPath, StringComparison.Ordinal).Replace("{csv}", csvPath, StringComparison.Ordinal), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingReport_FailsExit1()
    {
        using var dir = new TempDir();

        var result = Mm.Run("check", "--report-json", dir.File("none.json"), "--max-per-market-exposure-usd", "500");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"FAIL: report not found: {dir.File("none.json")}", result.Stdout.Trim());
    }

    [Fact]
    public void Check_ZeroFillsLongRun_PassesWithWarning()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(fills: 0, truthful: 0, rate: "null", runtime: "1200"));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "500");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["PASS: acceptance checks succeeded (0 fills)", "WARNING: 0 fills after 20 min runtime — consider using --fill-model probabilistic"],
            result.StdoutLines);
    }

    [Theory]
    [InlineData("running", "null")]
    [InlineData("failed", "data_error")]
    [InlineData("interrupted", "cancelled")]
    public void Check_ReportOfIncompleteRun_FailsNamingTheStatus(string status, string stopReason)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(status: status, stopReason: stopReason == "null" ? null : stopReason));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "500");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"FAIL: run status is {status} (stop_reason {stopReason}), not complete; pass --allow-incomplete to check it anyway", result.Stdout.Trim());
    }

    [Fact]
    public void Check_IncompleteRunWithAllowIncomplete_Passes()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(status: "interrupted"));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "500", "--allow-incomplete");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("PASS: acceptance checks succeeded", result.Stdout.Trim());
    }

    [Fact]
    public void Check_ReportWithoutStatus_FailsNamingTheKey()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(status: null));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "500");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"FAIL: report {dir.File("r.json")}: status is missing", result.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExpectRunIdOfAnotherRun_FailsNamingBothIds()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(runId: "mm-20260206T020928-aaaaaa"));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "500", "--expect-run-id", "mm-20260206T020928-bbbbbb");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"FAIL: report {dir.File("r.json")} is of run mm-20260206T020928-aaaaaa, not the expected run mm-20260206T020928-bbbbbb", result.Stdout.Trim());
    }

    [Fact]
    public void Check_ExpectRunIdOfThisRun_Passes()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(runId: "mm-20260206T020928-aaaaaa"));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "500", "--expect-run-id", "mm-20260206T020928-aaaaaa");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Check_NoCsvRunHeldMoreThanPerMarketCap_FailsFromTheReportsMaxima()
    {
        using var dir = new TempDir();
        // The run held $10 in m1; a $5 per-market cap is exceeded whether or not a CSV is given.
        File.WriteAllText(dir.File("r.json"), Report(held: "10", total: "10"));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("FAIL: per_market_exposure_exceeded: the report's inventory.max_inventory_held_by_market.m1 is 10 > cap 5", result.Stdout.Trim());
    }

    [Fact]
    public void Check_NoCsvTotalAboveTotalCap_FailsFromTheReportsMaxima()
    {
        using var dir = new TempDir();
        // $10 in m1 and $30 in total (other markets) against a $25 total cap.
        File.WriteAllText(dir.File("r.json"), Report(held: "10", total: "30"));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "25", "--max-exposure-usd", "25");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("FAIL: total_exposure_exceeded: the report's inventory.max_total_exposure_usd is 30 > cap 25", result.Stdout.Trim());
    }

    [Fact]
    public void Check_NoCsvReportWithoutMaxima_FailsNamingTheKey()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), Report(maxima: false));

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--max-per-market-exposure-usd", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"FAIL: report {dir.File("r.json")}: inventory.max_inventory_held_by_market is missing, so the exposure caps cannot be checked without --fills-csv", result.Stdout.Trim());
    }

    [Fact]
    public void Check_CsvWithSyntheticBuyMarkedUntruthful_ReplaysItBeforeTheSell()
    {
        using var dir = new TempDir();
        // Buy on a synthetic book (truthful 0), then a truthful sell of the same 20 shares: inventory 20 → 0, never negative.
        File.WriteAllText(dir.File("r.json"), Report(fills: 2, truthful: 1, rate: "0.5"));
        File.WriteAllLines(dir.File("f.csv"), [Header + ",truthful", Row(1, "m1", "BUY", 0, "0.5", "20") + ",0", Row(2, "m1", "SELL", 2, "0.5", "20") + ",1"]);

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--fills-csv", dir.File("f.csv"), "--max-per-market-exposure-usd", "25", "--truthful-rate-min", "0.5");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("PASS: acceptance checks succeeded", result.Stdout.Trim());
    }

    [Fact]
    public void Check_CsvWithSyntheticBuyAboveCap_FailsTheCap()
    {
        using var dir = new TempDir();
        // The synthetic-book buy is 20 × 0.5 = $10 > $5; the report's maxima say the same, so check the CSV's verdict alone.
        File.WriteAllText(dir.File("r.json"), Report(fills: 2, truthful: 1, rate: "0.5", maxima: false));
        File.WriteAllLines(dir.File("f.csv"), [Header + ",truthful", Row(1, "m1", "BUY", 0, "0.5", "20") + ",0", Row(2, "m1", "SELL", 2, "0.5", "20") + ",1"]);

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--fills-csv", dir.File("f.csv"), "--max-per-market-exposure-usd", "5", "--truthful-rate-min", "0.5");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("FAIL: per_market_exposure_exceeded: exposure in m1 reached 10.0 > cap 5 at r-1", result.Stdout.Trim());
    }

    [Fact]
    public void Check_TruthfulOnlyCsvMissingFills_FailsRatherThanReplayingPart()
    {
        using var dir = new TempDir();
        // An older CSV (no truthful column) with the one truthful sell of a run of 2 fills: the synthetic buy is not in it.
        File.WriteAllText(dir.File("r.json"), Report(fills: 2, truthful: 1, rate: "0.5"));
        File.WriteAllLines(dir.File("f.csv"), [Header, Row(2, "m1", "SELL", 2, "0.5", "20")]);

        var result = Mm.Run("check", "--report-json", dir.File("r.json"), "--fills-csv", dir.File("f.csv"), "--max-per-market-exposure-usd", "25", "--truthful-rate-min", "0.5");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"FAIL: fills CSV {dir.File("f.csv")} has no truthful column and only 1 of the run's 2 fills; the exposure replay needs every fill (export it again with mm analyze)", result.Stdout.Trim());
    }

    [Fact]
    public void Check_RunWithSyntheticBookBuys_ReplaysEveryFillFromTheCsv()
    {
        using var dir = new TempDir();
        // Tick 4 (line 5) is where both bids fill: on a synthetic book those buys are not truthful, the sells at tick 5 are.
        var fx = SampleFixture.CopyTo(dir.File("fx"));
        SampleFixture.MarkSynthetic(fx, line: 5);
        var db = dir.File("t.db");
        // Synthetic books are quoted only when asked for (quoting v2); their fills are then flagged untruthful.
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "S", "--fixture-dir", fx, "--reports-dir", dir.Path, "--allow-synthetic-books").ExitCode);
        var analyze = Mm.Run("analyze", "--db", db, "--run-tag", "S", "--reports-dir", dir.File("reports"));
        var json = dir.File("reports/market_making_S.json");
        var csv = dir.File("reports/market_making_S_fills.csv");

        var pass = Mm.Run("check", "--report-json", json, "--fills-csv", csv, "--truthful-rate-min", "0.5", "--max-per-market-exposure-usd", "500");
        // Each market held 20.83 × 0.48 = 9.9984 on the synthetic book, above a $5 cap.
        var capped = Mm.Run("check", "--report-json", json, "--fills-csv", csv, "--truthful-rate-min", "0.5", "--max-per-market-exposure-usd", "5");

        Assert.Contains("(4 fills, 2 truthful)", analyze.Stdout, StringComparison.Ordinal);
        Assert.Equal(["BUY,0", "BUY,0", "SELL,1", "SELL,1"], File.ReadAllLines(csv)[1..].Select(l => $"{l.Split(',')[6]},{l.Split(',')[44]}"));
        Assert.Equal("PASS: acceptance checks succeeded", pass.Stdout.Trim());
        Assert.Equal(1, capped.ExitCode);
        Assert.Equal("FAIL: per_market_exposure_exceeded: the report's inventory.max_inventory_held_by_market.sample-mkt-1 is 9.9984 > cap 5", capped.Stdout.Trim());
    }

    [Fact]
    public void Check_SampleRunHeldMoreThanCapWithoutCsv_FailsLikeWithCsv()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("reports")).ExitCode);
        var json = dir.File("reports/market_making_T.json");

        // Each sample market held 20.83 × 0.48 = 9.9984 > $5.
        var without = Mm.Run("check", "--report-json", json, "--max-per-market-exposure-usd", "5");
        var with = Mm.Run("check", "--report-json", json, "--fills-csv", dir.File("reports/market_making_T_fills.csv"), "--max-per-market-exposure-usd", "5");

        Assert.Equal(1, without.ExitCode);
        Assert.StartsWith("FAIL: per_market_exposure_exceeded:", without.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, with.ExitCode);
        Assert.StartsWith("FAIL: per_market_exposure_exceeded:", with.Stdout, StringComparison.Ordinal);
    }

    private static string Report(string recon = "pass", int fills = 1, int truthful = 1, string rate = "1", string net = "1", string fees = "0.01", string runtime = "10",
        string? status = "complete", string? stopReason = "data_exhausted", string runId = "r", string held = "10", string total = "10", bool maxima = true)
    {
        var inventory = maxima
            ? $$""", "inventory": {"max_inventory_held_by_market": {"m1": {{held}}}, "max_total_exposure_usd": {{total}}}"""
            : "";
        var run = status is null ? "" : $$""", "status": "{{status}}", "stop_reason": {{(stopReason is null ? "null" : $"\"{stopReason}\"")}}""";
        return $$"""
            {"run_id": "{{runId}}", "run_tag": "T", "runtime_sec": {{runtime}}, "fills": {{fills}},
             "truth": {"truthful_fills": {{truthful}}, "fills": {{fills}}, "truthful_rate": {{rate}}, "reconciliation_status": "{{recon}}"},
             "pnl": {"net_pnl_usd": {{net}}, "fees_usd": {{fees}} }{{inventory}}{{run}} }
            """;
    }

    private static string Row(int seq, string market, string side, int sec, string price, string shares) =>
        $"r,r-{seq},{market},{side},2026-02-06T02:09:{28 + sec:00}.000Z,{price},{shares}";
}
