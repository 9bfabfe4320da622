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
        using var run = Mm.Start(dir.Path, "run", "--db", db, "--fixture-dir", fixture, "--markets", "4");
        var output = new OnlineSupport.Captured(run);
        await output.WaitForAsync(o => o.Contains("Run started:", StringComparison.Ordinal), Patience);
        await OnlineSupport.PauseAsync(TimeSpan.FromMilliseconds(1500));

        // A run that is not complete is analysed only when named.
        var analyze = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--run-id", (string)Db.Scalar(db, "SELECT run_id FROM runs")!, "--reports-dir", dir.File("reports"));
        var stillRunning = !run.HasExited;
        await run.WaitForExitAsync();

        Assert.Equal(0, analyze.ExitCode);
        Assert.Equal(0, run.ExitCode);
        if (stillRunning)
        {
            Assert.Contains("status=running", analyze.Stdout + analyze.Stderr, StringComparison.Ordinal);
        }
    }
}
