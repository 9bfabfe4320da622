using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class ExperimentCommandTests
{
    private static readonly string[] Artifacts =
    [
        "market_making_BASELINE.json", "market_making_BASELINE.md", "market_making_BASELINE_fills.csv",
        "market_making_MARKET_MAKING_TEST.json", "market_making_MARKET_MAKING_TEST.md", "market_making_MARKET_MAKING_TEST_fills.csv",
        "mm_dashboard.html", "run_log.txt",
    ];

    [Fact]
    public void Experiment_SampleFixture_PassesAndLeavesEveryArtifact()
    {
        using var dir = new TempDir();
        var reports = dir.File("reports");

        var result = Mm.Run("experiment", "--db", dir.File("trades.db"), "--reports-dir", reports);

        Assert.Equal(0, result.ExitCode);
        foreach (var name in Artifacts)
        {
            Assert.True(File.Exists(Path.Combine(reports, name)), $"missing {name}");
        }

        var log = File.ReadAllText(Path.Combine(reports, "run_log.txt"));
        Assert.Equal(2, log.Split('\n').Count(l => l.Contains("Run complete: run_id=mm-", StringComparison.Ordinal)));
        Assert.Equal(2, log.Split('\n').Count(l => l.Contains(" PASS: acceptance checks succeeded", StringComparison.Ordinal)));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \$ mm run --db ", log.Split('\n')[1]);
        Assert.Contains("Experiment PASSED", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2L, Db.Scalar(dir.File("trades.db"), "SELECT COUNT(*) FROM runs WHERE status = 'complete'"));
        Assert.Contains("k_ticks\":0", (string)Db.Scalar(dir.File("trades.db"), "SELECT params FROM runs WHERE run_tag = 'BASELINE'")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Experiment_BaselineCheckFails_ExitsOneAndSaysWhich()
    {
        using var dir = new TempDir();
        var reports = dir.File("reports");

        // The sample baseline earns about $0.81 net, so |net + fees| > 0 fails a zero tolerance.
        var result = Mm.Run("experiment", "--db", dir.File("trades.db"), "--reports-dir", reports, "--baseline-fee-tolerance-usd", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Experiment FAILED: acceptance check failed for BASELINE", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL:", File.ReadAllText(Path.Combine(reports, "run_log.txt")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(reports, "mm_dashboard.html")));
    }
}
