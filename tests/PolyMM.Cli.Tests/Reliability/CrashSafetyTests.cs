using PolyMM.Cli.Tests.Online;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests.Reliability;

/// <summary>
/// A run killed at any moment (kill -9) leaves a database that passes integrity_check, whose committed ledger
/// satisfies every trust gate, and whose run is not marked complete until <c>mm runs finalize</c> closes it.
/// </summary>
public sealed class CrashSafetyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_KilledAtRandomPoints_LeavesConsistentLedger()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 6, snapshots: 20_000, seed: 21);
        var rng = new Random(7);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // Held after a different tick each time, the ledger writer possibly still draining its queue or
            // committing, then killed: the run is certainly unfinished when the kill lands.
            var pause = new RunPause(dir.File($"pause{attempt}"), tick: 1 + rng.Next(19_999));
            var db = dir.File($"kill{attempt}.db");
            using var child = Mm.Start(dir.Path, pause.Environment, "run", "--db", db, "--fixture-dir", fixture, "--markets", "6",
                "--fill-model", "probabilistic", "--fill-pmax", "0.5", "--fill-base-liquidity", "0.5", "--reports-dir", dir.File("reports"));
            var output = new OnlineSupport.Captured(child);
            await pause.WaitUntilPausedAsync(child, output, Patience);
            child.Kill();
            await child.WaitForExitAsync();

            Assert.Equal("ok", Db.Scalar(db, "PRAGMA integrity_check"));
            Assert.Equal("running", Db.Scalar(db, "SELECT status FROM runs"));
            var finalize = Mm.Run("runs", "finalize", (string)Db.Scalar(db, "SELECT run_id FROM runs")!, "--db", db, "--reports-dir", dir.File("reports"));
            Assert.Equal(0, finalize.ExitCode);
            Assert.Contains("post_run trust gate PASS", finalize.Stdout, StringComparison.Ordinal);
            Assert.Equal("interrupted", Db.Scalar(db, "SELECT status FROM runs"));

            // An interrupted run is analysed only when named; it gets a report even without committed orders.
            var analyze = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--run-id", (string)Db.Scalar(db, "SELECT run_id FROM runs")!, "--reports-dir", dir.File($"r{attempt}"));
            Assert.Equal(0, analyze.ExitCode);
            Assert.Contains("status=interrupted", analyze.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("-INT", 130)]
    [InlineData("-TERM", 143)]
    public async Task Run_SignalDuringOfflineReplay_StopsBeforeTheNextTickAsInterrupted(string signal, int exitCode)
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 2_000, seed: 5);
        var db = dir.File("t.db");
        var pause = new RunPause(dir.File("pause"), tick: 500);
        using var child = Mm.Start(dir.Path, pause.Environment, "run", "--db", db, "--fixture-dir", fixture, "--markets", "4", "--reports-dir", dir.File("reports"));
        var output = new OnlineSupport.Captured(child);
        await pause.WaitUntilPausedAsync(child, output, Patience);

        using (var kill = System.Diagnostics.Process.Start("kill", [signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await child.WaitForExitAsync();

        Assert.True(child.ExitCode == exitCode, output.Err);
        Assert.Equal("interrupted", Db.Scalar(db, "SELECT status FROM runs"));
        // Stopped at once: the tick it was held after is the last one written (500 of the fixture's 2,000).
        Assert.Equal(500L, Db.Scalar(db, "SELECT COUNT(*) FROM ticks"));
        Assert.Contains("post_run PASS", output.Out, StringComparison.Ordinal);
        Assert.Contains("Run complete:", output.Out, StringComparison.Ordinal);
        Assert.Equal("ok", Db.Scalar(db, "PRAGMA integrity_check"));
    }
}
