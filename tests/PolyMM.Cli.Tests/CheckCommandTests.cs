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

    private static string Report(string recon = "pass", int fills = 1, int truthful = 1, string rate = "1", string net = "1", string fees = "0.01", string runtime = "10") =>
        $$"""
        {"run_id": "r", "run_tag": "T", "runtime_sec": {{runtime}}, "fills": {{fills}},
         "truth": {"truthful_fills": {{truthful}}, "fills": {{fills}}, "truthful_rate": {{rate}}, "reconciliation_status": "{{recon}}"},
         "pnl": {"net_pnl_usd": {{net}}, "fees_usd": {{fees}} } }
        """;

    private static string Row(int seq, string market, string side, int sec, string price, string shares) =>
        $"r,r-{seq},{market},{side},2026-02-06T02:09:{28 + sec:00}.000Z,{price},{shares}";
}
