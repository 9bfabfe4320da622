using System.Text.RegularExpressions;
using PolyMM.Cli.Tests.Online;
using PolyMM.Cli.Tests.Support;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Ledger.Sqlite;

namespace PolyMM.Cli.Tests.Reliability;

/// <summary>
/// Ledger v2 through the CLI: a killed run's open orders are cancelled by <c>mm runs finalize</c>, a live run is
/// refused by it, and a live run analysed again and again gives a consistent report that says <c>running</c>.
/// </summary>
public sealed class LedgerV2CliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Finalize_RunKilledMidRun_CancelsItsOpenOrdersAndGatesPass()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 60_000, seed: 9);
        var db = dir.File("k.db");
        // Held after tick 55,000, past the writer's 50,000-row checkpoint: committed rows exist when the kill lands.
        var pause = new RunPause(dir.File("pause"), tick: 55_000);
        using var child = Mm.Start(dir.Path, pause.Environment, "run", "--db", db, "--fixture-dir", fixture, "--markets", "4", "--reports-dir", dir.File("reports"));
        var output = new OnlineSupport.Captured(child);
        await pause.WaitUntilPausedAsync(child, output, Patience);
        var runId = Regex.Match(output.Out, "Run started: run_id=(\\S+)").Groups[1].Value;
        await OnlineSupport.WaitUntilAsync(() => (long)Db.Scalar(db, "SELECT COUNT(*) FROM ticks")! > 0, Patience, () => "nothing was committed before the pause");
        child.Kill();
        await child.WaitForExitAsync();

        // Every order is stored when the venue accepts it: the killed run's committed state shows the orders that were
        // working (four markets quoting both sides of a random walk keep orders resting at every commit point).
        var openBefore = (long)Db.Scalar(db, "SELECT COUNT(*) FROM orders WHERE status IN (0, 3)")!;
        Assert.True(openBefore > 0, "a killed run shows its working orders");
        var finalize = Mm.Run("runs", "finalize", runId, "--db", db, "--reports-dir", dir.File("reports"));

        Assert.True(finalize.ExitCode == 0, finalize.Stdout + finalize.Stderr);
        Assert.Contains("post_run trust gate PASS", finalize.Stdout, StringComparison.Ordinal);
        Assert.Equal(0L, Db.Scalar(db, "SELECT COUNT(*) FROM orders WHERE status IN (0, 3)"));
        Assert.Equal(openBefore, Db.Scalar(db, "SELECT COUNT(*) FROM orders WHERE reason = 'run_interrupted'"));
        var analyze = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--run-id", runId, "--reports-dir", dir.File("r"));
        Assert.True(analyze.ExitCode == 0, analyze.Stderr);
        Assert.Contains("status=interrupted", analyze.Stdout, StringComparison.Ordinal);
        Assert.Contains("reconciliation=pass", analyze.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Finalize_OpenOrderRowsOfAKilledWriter_CliCancelsThemAndGatesPass()
    {
        using var dir = new TempDir();
        var db = dir.File("w.db");
        var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using (var store = LedgerStore.Open(db))
        {
            List<MarketInfo> markets = [new MarketInfo("m1", "Title m1", true, "slug-m1")];
            var key = store.CreateRun(new RunStart("mm-20260301T120000-abcdef", "W", "offline",
                """{"fill_model":"trade-through","max_exposure_usd":5000,"max_per_market_exposure_usd":500}""", t0, "test", 1000m, markets));
            using var writer = new SqliteRunWriter(store, key, "mm-20260301T120000-abcdef", "W", markets);
            var snap = new Snapshot(t0, 0.49m, 0.51m, 0.5m, 100m, 100m, 0.5m);
            // Two resting bids accepted at t0, one tick at t0 + 2 s, committed; then the process "dies" (no Complete).
            writer.OnOrder(new OrderUpdate(1, 0, Side.Buy, 0.48m, 10m, snap, LiquidityTier.A, t0, t0, OrderStatus.Open, 0m, 0, null, null, 0));
            writer.OnOrder(new OrderUpdate(2, 0, Side.Buy, 0.47m, 10m, snap, LiquidityTier.A, t0, t0, OrderStatus.Open, 0m, 0, null, null, 0));
            writer.OnTick(new TickSample(1, t0.AddSeconds(2), 1000m, 0m, 0m, 9.5m));
            writer.Checkpoint(new Portfolio(1000m, 1), new EngineStats(), t0, force: true);
        }

        Assert.Equal(2L, Db.Scalar(db, "SELECT COUNT(*) FROM execution_records WHERE status = 'open'"));
        var finalize = Mm.Run("runs", "finalize", "mm-20260301T120000-abcdef", "--db", db, "--reports-dir", dir.File("reports"));

        Assert.True(finalize.ExitCode == 0, finalize.Stdout + finalize.Stderr);
        Assert.Contains("post_run trust gate PASS", finalize.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            ["cancelled|run_interrupted|2026-03-01T12:00:02.000Z", "cancelled|run_interrupted|2026-03-01T12:00:02.000Z"],
            Db.Rows(db, "SELECT status || '|' || cancel_reason || '|' || updated_at FROM execution_records ORDER BY order_id"));
        Assert.Equal("interrupted", Db.Scalar(db, "SELECT status FROM runs"));
    }

    [Fact]
    public async Task LiveRun_AnalyzedTenTimes_EachReportRunningAndReconciledAndFinalizeRefused()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 60_000, seed: 9);
        var db = dir.File("live.db");
        var pause = new RunPause(dir.File("pause"), tick: 55_000);
        using var run = Mm.Start(dir.Path, pause.Environment, "run", "--db", db, "--fixture-dir", fixture, "--markets", "4", "--reports-dir", dir.File("reports"));
        var output = new OnlineSupport.Captured(run);
        await pause.WaitUntilPausedAsync(run, output, Patience);
        var runId = Regex.Match(output.Out, "Run started: run_id=(\\S+)").Groups[1].Value;
        await OnlineSupport.WaitUntilAsync(() => (long)Db.Scalar(db, "SELECT COUNT(*) FROM execution_records")! > 0, Patience,
            () => "the checkpoint queued before the pause was never committed");

        var results = new List<MmResult>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--run-id", runId, "--reports-dir", dir.File($"r{i}"), "--quiet"));
        }

        var finalize = Mm.Run("runs", "finalize", runId, "--db", db, "--reports-dir", dir.File("reports"));
        pause.Resume();
        await run.WaitForExitAsync();

        Assert.All(results, r =>
        {
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("status=running", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("reconciliation=pass", r.Stdout, StringComparison.Ordinal);
        });
        Assert.Equal(2, finalize.ExitCode);
        Assert.Matches($"^error: run {runId} is still being written \\(writer process \\d+ on this host is alive\\); stop it first", finalize.Stderr);
        Assert.Single(finalize.Stderr.TrimEnd('\n').Split('\n'));
        Assert.True(run.ExitCode == 0, output.Err);
        Assert.Equal("complete", Db.Scalar(db, "SELECT status FROM runs"));
    }
}
