using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class AnalyzeCommandTests
{
    private const string RunIdA = "mm-20260206T020928-aaaaaa";
    private const string RunIdB = "mm-20260206T020928-bbbbbb";

    private static readonly string[] TopKeys =
    [
        "run_id", "run_tag", "schema_version", "bankroll", "params", "runtime_sec", "orders", "fills", "truth", "pnl",
        "rewards", "fees", "execution", "inventory", "markets_top10", "equity_curve", "exposure_curve", "markouts", "attribution", "risk", "warnings",
        "status", "data_mode", "ledger_schema_version", "stop_reason", "event_start", "event_end", "started_at", "ended_at",
        "tool_version", "market_titles", "market_series",
    ];

    [Fact]
    public void Analyze_SampleRun_WritesEveryReportKeyAndExactCsvHeaderAndCheckPasses()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--reports-dir", dir.Path).ExitCode);

        var analyze = Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("reports"));

        Assert.Equal(0, analyze.ExitCode);
        var json = dir.File("reports/market_making_T.json");
        var csv = dir.File("reports/market_making_T_fills.csv");
        Assert.True(File.Exists(dir.File("reports/market_making_T.md")));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var root = doc.RootElement;
        Assert.Equal(TopKeys, Keys(root));
        Assert.Equal(["truthful_fills", "fills", "truthful_rate", "exclusions", "reconciliation_status", "reconciliation_eps", "integrity_issues"], Keys(root.GetProperty("truth")));
        Assert.Equal(["non_fill_source", "missing_snapshot", "synthetic_book"], Keys(root.GetProperty("truth").GetProperty("exclusions")));
        Assert.Equal(["gross_pnl_usd", "realized_pnl_usd", "unrealized_pnl_usd", "fees_usd", "rebates_usd", "rewards_usd", "net_pnl_usd", "net_without_rewards_usd", "reward_sources", "reward_source"], Keys(root.GetProperty("pnl")));
        Assert.Equal(["passive_fill_rate", "spread_crossed_rate", "quote_slippage_pct", "time_to_fill_sec", "pause_reasons", "invalid_snapshots", "fetch_errors"], Keys(root.GetProperty("execution")));
        Assert.Equal(["count", "mean", "p50", "p90", "p95"], Keys(root.GetProperty("execution").GetProperty("time_to_fill_sec")));
        Assert.Equal(["avg_locked_usd", "capital_utilization_pct", "inventory_turnover", "stuck_inventory_count", "time_in_inventory_sec", "max_inventory_held_by_market", "max_total_exposure_usd", "max_inventory_drawdown_by_market", "max_drawdown_pct", "inventory_variance"], Keys(root.GetProperty("inventory")));
        Assert.Equal(["market", "net_pnl_usd", "fills", "orders", "fill_rate", "avg_spread_pct", "avg_depth", "max_inventory_held", "worst_tail_slippage"], Keys(root.GetProperty("markets_top10")[0]));
        Assert.Equal(["mid", "bid", "ask", "fills"], Keys(root.GetProperty("market_series").GetProperty("sample-mkt-1")));
        Assert.Equal("Sample Market One", root.GetProperty("market_titles").GetProperty("sample-mkt-1").GetString());
        Assert.Equal(4, root.GetProperty("fills").GetInt32());
        Assert.Equal("pass", root.GetProperty("truth").GetProperty("reconciliation_status").GetString());
        Assert.Equal(1d, root.GetProperty("truth").GetProperty("truthful_rate").GetDouble());

        // Both buys fill at tick 4: 2 × 20.83 × 0.48 = 19.9968 held at once.
        Assert.Equal(19.9968m, root.GetProperty("inventory").GetProperty("max_total_exposure_usd").GetDecimal());
        Assert.Equal("complete", root.GetProperty("status").GetString());
        Assert.Equal("data_exhausted", root.GetProperty("stop_reason").GetString());

        var lines = File.ReadAllLines(csv);
        // The 44 columns in their order, then the truthful flag, then position and markouts (docs/analysis.md#markouts).
        Assert.Equal(
            "run_id,run_tag,order_id,trade_id,market_id,market_slug,side,order_type,qty_shares,intended_limit_price,time_in_force,whale_signal_ts,whale_entry_ref_price,whale_ref_type,our_decision_ts,order_sent_ts,exchange_ack_ts,fill_ts,best_bid,best_ask,mid_price,spread_abs,spread_pct,depth_bid_1,depth_ask_1,depth_bid_2,depth_ask_2,last_trade_price,fill_price,entry_price_source,current_price_source,exit_price_source,fill_price_source,filled_shares,fees_usd,is_partial_fill,fill_count,latency_ms,quote_slippage_pct,half_spread_pct,baseline_slippage_pct,spread_crossed,impact_proxy_pct,liquidity_tier,truthful,position_shares,markout_1s,markout_10s,markout_60s,markout_300s",
            lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.All(lines[1..], l => Assert.Equal("1", l.Split(',')[44]));

        var check = Mm.Run("check", "--report-json", json, "--fills-csv", csv, "--max-per-market-exposure-usd", "500");
        Assert.Equal(0, check.ExitCode);
        Assert.Equal("PASS: acceptance checks succeeded", check.Stdout.Trim());
    }

    [Fact]
    public void Analyze_TwoRunsInOneDatabase_EachReportMatchesItsOwnLedgerOnly()
    {
        using var dir = new TempDir();
        var alone = dir.File("alone.db");
        var shared = dir.File("shared.db");
        // Run A alone, then A and B (double quote size) in one file; A's report must not change.
        Assert.Equal(0, Mm.Run("run", "--db", alone, "--run-id", RunIdA, "--run-tag", "A", "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("run", "--db", shared, "--run-id", RunIdA, "--run-tag", "A", "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("run", "--db", shared, "--run-id", RunIdB, "--run-tag", "B", "--quote-size-usd", "20", "--reports-dir", dir.Path).ExitCode);

        Assert.Equal(0, Mm.Run("analyze", "--db", alone, "--run-tag", "A", "--output-json", dir.File("a_alone.json"), "--output-md", dir.File("a_alone.md"), "--export-csv", dir.File("a_alone.csv")).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", shared, "--run-tag", "A", "--output-json", dir.File("a.json"), "--output-md", dir.File("a.md"), "--export-csv", dir.File("a.csv")).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", shared, "--run-tag", "B", "--output-json", dir.File("b.json"), "--output-md", dir.File("b.md"), "--export-csv", dir.File("b.csv")).ExitCode);

        Assert.Equal(ReportJson.WithoutWallClock(dir.File("a_alone.json")), ReportJson.WithoutWallClock(dir.File("a.json")));
        Assert.Equal(File.ReadAllText(dir.File("a_alone.csv")), File.ReadAllText(dir.File("a.csv")));
        using var a = JsonDocument.Parse(File.ReadAllBytes(dir.File("a.json")));
        using var b = JsonDocument.Parse(File.ReadAllBytes(dir.File("b.json")));
        foreach (var (report, runId) in new[] { (a.RootElement, RunIdA), (b.RootElement, RunIdB) })
        {
            var ledger = Ledger(shared, runId);
            Assert.Equal(runId, report.GetProperty("run_id").GetString());
            Assert.Equal(ledger.Orders, report.GetProperty("orders").GetInt64());
            Assert.Equal(ledger.Fills, report.GetProperty("fills").GetInt64());
            Assert.Equal(ledger.Realized, report.GetProperty("pnl").GetProperty("realized_pnl_usd").GetDecimal());
            Assert.Equal(ledger.Fees, report.GetProperty("pnl").GetProperty("fees_usd").GetDecimal());
            Assert.Equal(ledger.TotalValue, report.GetProperty("equity_curve").EnumerateArray().Last()[1].GetDecimal());
            Assert.Equal(ledger.Fills + 1, File.ReadAllLines(dir.File(runId == RunIdA ? "a.csv" : "b.csv")).Length);
        }

        // Where the runs differ: the quote size, hence shares and P&L. A: sell 19.60 × (0.51 − 0.48) × 2 markets = 1.176;
        // B: 20/0.51 → 39.21 shares, 39.21 × 0.03 × 2 = 2.3526.
        Assert.Equal(10m, a.RootElement.GetProperty("params").GetProperty("quote_size_usd").GetDecimal());
        Assert.Equal(20m, b.RootElement.GetProperty("params").GetProperty("quote_size_usd").GetDecimal());
        Assert.Equal(1.176m, a.RootElement.GetProperty("pnl").GetProperty("realized_pnl_usd").GetDecimal());
        Assert.Equal(2.3526m, b.RootElement.GetProperty("pnl").GetProperty("realized_pnl_usd").GetDecimal());
        Assert.Equal(a.RootElement.GetProperty("fills").GetInt64(), b.RootElement.GetProperty("fills").GetInt64());
    }

    [Fact]
    public void Analyze_UnknownTag_OneLineErrorExit2()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--reports-dir", dir.Path).ExitCode);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "NOPE", "--reports-dir", dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: no run with tag 'NOPE' in {db}", result.Stderr.Trim());
    }

    [Fact]
    public void Analyze_RunWithoutOrders_WritesAZeroReportOverTheEarlierRunsFiles()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);
        // Both sample spreads (1 % and 0.8 %) exceed 0.1 %: every tick pauses, no order is placed.
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--max-spread-pct", "0.001", "--reports-dir", dir.Path).ExitCode);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Analysis: run_id={RunIdB} run_tag=T status=complete orders=0 fills=0", result.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(reports, "market_making_T.json")));
        Assert.Equal(RunIdB, doc.RootElement.GetProperty("run_id").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("orders").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("fills").GetInt64());
        Assert.Contains(RunIdB, File.ReadAllText(Path.Combine(reports, "market_making_T.md")), StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(Path.Combine(reports, "market_making_T_fills.csv"))); // the header only
    }

    [Fact]
    public void Analyze_LatestRunOfTagFailed_DefaultsToTheLatestCompleteRun()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", dir.Path).ExitCode);
        var bad = BadFixture(dir);
        Assert.Equal(2, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--fixture-dir", bad, "--reports-dir", dir.Path).ExitCode);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("reports"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Analysis: run_id={RunIdA} run_tag=T status=complete", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_TagWithOnlyAFailedRun_OneLineErrorNamingItExit2()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(2, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--fixture-dir", BadFixture(dir), "--reports-dir", dir.Path).ExitCode);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("reports"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: no complete run with tag 'T' in {db} (the latest, {RunIdB}, is failed); pass --run-id to analyze it", result.Stderr.Trim());
    }

    [Fact]
    public void Analyze_RunStoppedByBadData_ReportSaysFailedDataErrorAndCheckFails()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(2, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--fixture-dir", BadFixture(dir), "--reports-dir", dir.Path).ExitCode);
        var json = dir.File("reports/market_making_T.json");
        var csv = dir.File("reports/market_making_T_fills.csv");

        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--reports-dir", dir.File("reports")).ExitCode);

        using (var doc = JsonDocument.Parse(File.ReadAllBytes(json)))
        {
            Assert.Equal("failed", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal("data_error", doc.RootElement.GetProperty("stop_reason").GetString());
        }

        Assert.Equal("data_error", Db.Scalar(db, "SELECT stop_reason FROM runs"));
        var check = Mm.Run("check", "--report-json", json, "--fills-csv", csv, "--max-per-market-exposure-usd", "500");
        Assert.Equal(1, check.ExitCode);
        Assert.Equal("FAIL: run status is failed (stop_reason data_error), not complete; pass --allow-incomplete to check it anyway", check.Stdout.Trim());
        var deliberate = Mm.Run("check", "--report-json", json, "--fills-csv", csv, "--max-per-market-exposure-usd", "500", "--allow-incomplete");
        Assert.Equal(0, deliberate.ExitCode);
    }

    /// <summary>The sample fixture with a malformed 7th line in one market: the run fails after its 6 good ticks.</summary>
    private static string BadFixture(TempDir dir)
    {
        var fx = dir.File("bad-fx");
        SampleFixture.CopyTo(fx);
        File.AppendAllText(Path.Combine(fx, "snapshots", "sample-mkt-1.jsonl"), "{\"best_bid\": true}\n");
        return fx;
    }

    private static List<string> Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    private static (long Orders, long Fills, decimal Realized, decimal Fees, decimal TotalValue) Ledger(string db, string runId)
    {
        using var conn = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM orders o JOIN runs r ON r.run_key = o.run_key WHERE r.run_id = $id),
                   (SELECT COUNT(*) FROM fills f JOIN runs r ON r.run_key = f.run_key WHERE r.run_id = $id),
                   p.realized, p.fees, p.total_value
            FROM portfolio p WHERE p.run_id = $id
            """;
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return (r.GetInt64(0), r.GetInt64(1), (decimal)r.GetDouble(2), (decimal)r.GetDouble(3), (decimal)r.GetDouble(4));
    }
}
