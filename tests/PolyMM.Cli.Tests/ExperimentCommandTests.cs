using System.Text.Json;
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

    [Fact]
    public void Experiment_RunIdGiven_OneLineErrorExit2()
    {
        using var dir = new TempDir();

        var result = Mm.Run("experiment", "--db", dir.File("trades.db"), "--reports-dir", dir.File("reports"), "--run-id", "mm-20260206T020928-aaaaaa");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: mm experiment makes two runs and names each itself; drop --run-id (mm run --run-id replays one run)", result.Stderr.Trim());
        Assert.False(File.Exists(dir.File("trades.db")));
    }

    [Fact]
    public void Experiment_BaselineTagSameAsRunTag_OneLineErrorExit2()
    {
        using var dir = new TempDir();

        var result = Mm.Run("experiment", "--db", dir.File("trades.db"), "--reports-dir", dir.File("reports"), "--run-tag", "X", "--baseline-run-tag", "X");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --baseline-run-tag and --run-tag are both 'X'; the two runs need different tags", result.Stderr.Trim());
    }

    [Fact]
    public void Experiment_AgainWithRunsWithoutOrders_EveryOutputIsOfTheNewRuns()
    {
        using var dir = new TempDir();
        var db = dir.File("trades.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("experiment", "--db", db, "--reports-dir", reports).ExitCode);
        var first = Db.Rows(db, "SELECT run_id FROM runs");

        // Both sample spreads exceed 0.1 %: neither new run places an order, so neither has fills to export.
        var result = Mm.Run("experiment", "--db", db, "--reports-dir", reports, "--max-spread-pct", "0.001");

        Assert.Equal(0, result.ExitCode);
        var dashboard = File.ReadAllText(Path.Combine(reports, "mm_dashboard.html"));
        foreach (var tag in new[] { "BASELINE", "MARKET_MAKING_TEST" })
        {
            var newest = (string)Db.Scalar(db, "SELECT run_id FROM runs WHERE run_tag = $t ORDER BY run_key DESC LIMIT 1", ("$t", tag))!;
            Assert.DoesNotContain(newest, first);
            using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(reports, $"market_making_{tag}.json")));
            Assert.Equal(newest, report.RootElement.GetProperty("run_id").GetString());
            Assert.Equal(0, report.RootElement.GetProperty("orders").GetInt64());
            Assert.Single(File.ReadAllLines(Path.Combine(reports, $"market_making_{tag}_fills.csv")));
            Assert.Contains($"run_id {newest}", dashboard, StringComparison.Ordinal);
            Assert.Contains($"--expect-run-id {newest}", File.ReadAllText(Path.Combine(reports, "run_log.txt")), StringComparison.Ordinal);
        }

        Assert.All(first, old => Assert.DoesNotContain(old, dashboard, StringComparison.Ordinal));
    }
}
