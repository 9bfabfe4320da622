using System.Text.Json;
using System.Text.RegularExpressions;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary>`mm run --fill-model queue` (docs/design.md#queue-model).</summary>
public sealed class QueueFillModelCommandTests
{
    [Fact]
    public void Run_SampleFixtureQueue_PassesGatesAndSaysTheQueueIsEstimatedFromL1()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--reports-dir", dir.File("reports"), "--fill-model", "queue");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Trust gates: pre_run PASS, post_run PASS", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Queue model (risk-averse): queue estimated from L1", result.Stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(Db.Scalar(db, "SELECT params FROM runs")!.ToString()!);
        Assert.Equal("queue", doc.RootElement.GetProperty("fill_model").GetString());
        Assert.Equal("risk-averse", doc.RootElement.GetProperty("queue_function").GetString());
        Assert.Equal("l1", doc.RootElement.GetProperty("queue_estimate").GetString());
        Assert.Equal("queue", Db.Scalar(db, "SELECT DISTINCT fill_model FROM execution_records"));
    }

    [Fact]
    public void Run_UnknownQueueFunction_OneLineErrorNamingTheValidOnes()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fill-model", "queue", "--queue-function", "power:x");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --queue-function must be risk-averse, power:N (N > 0) or log (got 'power:x')", result.Stderr.Trim());
    }

    [Fact]
    public void Run_QueueOnFixtureWithoutDepth_OneLineErrorNamingTheMissingFields()
    {
        using var dir = new TempDir();
        var fixture = dir.File("nodepth");
        Directory.CreateDirectory(Path.Combine(fixture, "snapshots"));
        File.Copy(Path.Combine(SampleFixture.Dir, "markets.json"), Path.Combine(fixture, "markets.json"));
        foreach (var path in Directory.GetFiles(Path.Combine(SampleFixture.Dir, "snapshots")))
        {
            // The sample's rows without their depth fields.
            var rows = File.ReadAllLines(path).Select(l => Regex.Replace(l, @",""depth_(bid|ask)_1"":[0-9.]+", string.Empty));
            File.WriteAllLines(Path.Combine(fixture, "snapshots", Path.GetFileName(path)), rows);
        }

        var whitelist = dir.File("wl.json");
        File.WriteAllText(whitelist, """["sample-mkt-1","sample-mkt-2"]""");

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", fixture, "--whitelist", whitelist, "--fill-model", "queue");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("depth_bid_1", line, StringComparison.Ordinal);
        Assert.Contains("depth_ask_1", line, StringComparison.Ordinal);
    }
}
