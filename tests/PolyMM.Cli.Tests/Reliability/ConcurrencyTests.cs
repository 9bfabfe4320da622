using System.Text.RegularExpressions;
using PolyMM.Cli.Tests.Online;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests.Reliability;

/// <summary>Two runs may write one ledger at once, and a reader may analyze while a run writes.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_TwoProcessesOneDatabase_BothCompleteCorrectly()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 3, snapshots: 20_000, seed: 8);
        var db = dir.File("shared.db");
        string[] Args(string tag, string seed) =>
            ["run", "--db", db, "--fixture-dir", fixture, "--markets", "3", "--run-tag", tag, "--fill-model", "probabilistic", "--seed", seed];

        using var a = Mm.Start(dir.Path, Args("A", "1"));
        using var b = Mm.Start(dir.Path, Args("B", "2"));
        var outA = new OnlineSupport.Captured(a);
        var outB = new OnlineSupport.Captured(b);
        using var timeout = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitForExitAsync(timeout.Token), b.WaitForExitAsync(timeout.Token));

        Assert.True(a.ExitCode == 0, outA.Err);
        Assert.True(b.ExitCode == 0, outB.Err);
        Assert.Equal(2L, Db.Scalar(db, "SELECT COUNT(*) FROM runs WHERE status = 'complete'"));
        Assert.Contains("post_run PASS", outA.Out, StringComparison.Ordinal);
        Assert.Contains("post_run PASS", outB.Out, StringComparison.Ordinal);
        foreach (var tag in new[] { "A", "B" })
        {
            var check = Mm.Run("analyze", "--db", db, "--run-tag", tag, "--reports-dir", dir.File("reports"));
            Assert.Equal(0, check.ExitCode);
            Assert.Contains("reconciliation=pass", check.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Analyze_WhileARunWrites_ReadsTheCommittedState()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 60_000, seed: 9);
        var db = dir.File("t.db");
        // Held after tick 55,000: by then at least 55,000 rows (one per tick, more with orders) have been queued,
        // past the writer's 50,000-row checkpoint, so committed orders exist while the run is still writing.
        var pause = new RunPause(dir.File("pause"), tick: 55_000);
        using var run = Mm.Start(dir.Path, pause.Environment, "run", "--db", db, "--fixture-dir", fixture, "--markets", "4");
        var output = new OnlineSupport.Captured(run);
        await pause.WaitUntilPausedAsync(run, output, Patience);
        var runId = Regex.Match(output.Out, "Run started: run_id=(\\S+)").Groups[1].Value;
        await OnlineSupport.WaitUntilAsync(() => (long)Db.Scalar(db, "SELECT COUNT(*) FROM execution_records")! > 0, Patience,
            () => "the checkpoint queued before the pause was never committed");

        var analyze = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--run-id", runId, "--reports-dir", dir.File("reports"));
        var statusDuring = Db.Scalar(db, "SELECT status FROM runs");
        pause.Resume();
        await run.WaitForExitAsync();

        Assert.True(analyze.ExitCode == 0, analyze.Stderr);
        Assert.Equal("running", statusDuring);
        Assert.Contains($"Analysis: run_id={runId} ", analyze.Stdout, StringComparison.Ordinal);
        Assert.Contains("status=running", analyze.Stdout, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, output.Err);
        Assert.Equal("complete", Db.Scalar(db, "SELECT status FROM runs"));
    }
}
