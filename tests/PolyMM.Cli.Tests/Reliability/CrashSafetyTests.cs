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
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 6, snapshots: 60_000, seed: 21);
        var rng = new Random(7);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var db = dir.File($"kill{attempt}.db");
            using var child = Mm.Start(dir.Path, "run", "--db", db, "--fixture-dir", fixture, "--markets", "6",
                "--fill-model", "probabilistic", "--fill-pmax", "0.5", "--fill-base-liquidity", "0.5", "--reports-dir", dir.File("reports"));
            var output = new OnlineSupport.Captured(child);
            await output.WaitForAsync(o => o.Contains("Run started:", StringComparison.Ordinal), Patience);
            // Somewhere inside the replay: after start-up, at a different point each time.
            await OnlineSupport.PauseAsync(TimeSpan.FromMilliseconds(1200 + rng.Next(2500)));
            child.Kill();
            await child.WaitForExitAsync();

            Assert.Equal("ok", Db.Scalar(db, "PRAGMA integrity_check"));
            var status = (string)Db.Scalar(db, "SELECT status FROM runs")!;
            if (status == "complete")
            {
                // The run outran the kill (its gate passed before it was marked complete): nothing to finalize,
                // and it reconciles.
                var whole = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--reports-dir", dir.File($"c{attempt}"));
                Assert.Contains("reconciliation=pass", whole.Stdout, StringComparison.Ordinal);
                continue;
            }

            Assert.Equal("running", status);
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
    public async Task Run_SignalDuringOfflineReplay_StopsCleanlyAsInterrupted(string signal, int exitCode)
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 80_000, seed: 5);
        var db = dir.File("t.db");
        using var child = Mm.Start(dir.Path, "run", "--db", db, "--fixture-dir", fixture, "--markets", "4", "--reports-dir", dir.File("reports"));
        var output = new OnlineSupport.Captured(child);
        await output.WaitForAsync(o => o.Contains("Run started:", StringComparison.Ordinal), Patience);
        await OnlineSupport.PauseAsync(TimeSpan.FromMilliseconds(200));

        var signalled = System.Diagnostics.Stopwatch.StartNew();
        using (var kill = System.Diagnostics.Process.Start("kill", [signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await child.WaitForExitAsync();
        var status = (string)Db.Scalar(db, "SELECT status FROM runs")!;
        if (status == "complete")
        {
            // Finished before the signal landed; the run is whole and exited normally.
            Assert.Equal(0, child.ExitCode);
            return;
        }

        Assert.Equal(exitCode, child.ExitCode);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(2), $"took {signalled.Elapsed} to stop");
        Assert.Equal("interrupted", status);
        Assert.Contains("post_run PASS", output.Out, StringComparison.Ordinal);
        Assert.Contains("Run complete:", output.Out, StringComparison.Ordinal);
        Assert.Equal("ok", Db.Scalar(db, "PRAGMA integrity_check"));
    }
}
