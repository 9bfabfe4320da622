using PolyMM.Cli.Tests.Support;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures;

namespace PolyMM.Cli.Tests;

public sealed class FixtureCommandTests
{
    [Fact]
    public void Synth_SameSeed_WritesIdenticalBytes()
    {
        using var dir = new TempDir();

        var a = Mm.Run("fixture", "synth", "--out", dir.File("a"), "--markets", "3", "--snapshots", "2000", "--seed", "11");
        var b = Mm.Run("fixture", "synth", "--out", dir.File("b"), "--markets", "3", "--snapshots", "2000", "--seed", "11");
        var c = Mm.Run("fixture", "synth", "--out", dir.File("c"), "--markets", "3", "--snapshots", "2000", "--seed", "12");

        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.Equal(0, c.ExitCode);
        foreach (var name in new[] { "markets.json", "snapshots/synth-mkt-0001.jsonl", "snapshots/synth-mkt-0003.jsonl" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), name)), File.ReadAllBytes(Path.Combine(dir.File("b"), name)));
        }

        Assert.NotEqual(File.ReadAllBytes(dir.File("a/snapshots/synth-mkt-0001.jsonl")), File.ReadAllBytes(dir.File("c/snapshots/synth-mkt-0001.jsonl")));
    }

    [Fact]
    public void Synth_Lines_ParseThroughSnapshotFileReaderAsValidSnapshots()
    {
        using var dir = new TempDir();

        Mm.Run("fixture", "synth", "--out", dir.Path, "--markets", "2", "--snapshots", "1500", "--seed", "3");

        var fixture = Fixture.Load(dir.Path);
        Assert.Equal(2, fixture.Markets.Count);
        Assert.All(fixture.Markets, m => Assert.True(m.Info.IsBinary));
        foreach (var m in fixture.Markets)
        {
            using var reader = new SnapshotFileReader(m.SnapshotPath, default, TimeSpan.FromSeconds(2));
            var n = 0;
            DateTimeOffset? last = null;
            while (reader.TryRead(out var s))
            {
                n++;
                Assert.Null(SnapshotValidator.Validate(s));
                Assert.True(last is null || s.Ts - last == TimeSpan.FromSeconds(2));
                last = s.Ts;
            }

            Assert.Equal(1500, n);
        }
    }

    [Fact]
    public void Synth_Tight_EverySnapshotIsTierAAndRunSelectsAllMarkets()
    {
        using var dir = new TempDir();
        Mm.Run("fixture", "synth", "--out", dir.File("fx"), "--markets", "4", "--snapshots", "1000", "--seed", "5", "--tight");

        foreach (var m in Fixture.Load(dir.File("fx")).Markets)
        {
            using var reader = new SnapshotFileReader(m.SnapshotPath, default, TimeSpan.FromSeconds(2));
            while (reader.TryRead(out var s))
            {
                Assert.Equal(LiquidityTier.A, LiquidityTiers.Classify(s));
            }
        }

        var run = Mm.Run("run", "--markets", "4", "--fixture-dir", dir.File("fx"), "--db", dir.File("t.db"), "--reports-dir", dir.File("reports"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("markets=4 (synth-mkt-0001, synth-mkt-0002, synth-mkt-0003, synth-mkt-0004)", run.Stdout, StringComparison.Ordinal);
    }
}
