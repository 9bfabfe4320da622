using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary>Bad input gets one clear line on stderr and exit 2 — never a stack trace — and nothing recorded is lost.</summary>
public sealed class BadInputTests
{
    private static void AssertOneLineError(MmResult result, int exitCode, params string[] fragments)
    {
        Assert.Equal(exitCode, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_MalformedJsonlLine_NamesFileAndLine()
    {
        using var dir = new TempDir();
        var fx = FixtureWriter.RandomWalk(dir.File("fx"), 1, 10, seed: 1);
        var file = Path.Combine(fx, "snapshots", "mkt-00.jsonl");
        var lines = File.ReadAllLines(file);
        lines[6] = "{\"best_bid\":0.49,\"best_ask\":";
        File.WriteAllLines(file, lines);

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", fx, "--markets", "1");

        AssertOneLineError(result, 2, "mkt-00.jsonl:7:", "not valid JSON");
    }

    [Fact]
    public void Run_MalformedLineMidRun_KeepsWhatWasRecordedAndMarksRunFailed()
    {
        using var dir = new TempDir();
        var fx = FixtureWriter.RandomWalk(dir.File("fx"), 1, 300, seed: 2);
        var file = Path.Combine(fx, "snapshots", "mkt-00.jsonl");
        File.AppendAllText(file, "{\"best_bid\": true}\n");
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--fixture-dir", fx, "--markets", "1", "--fill-model", "probabilistic", "--fill-pmax", "1", "--fill-base-liquidity", "1");

        AssertOneLineError(result, 2, "mkt-00.jsonl:301:", "best_bid");
        Assert.Equal("failed", Db.Scalar(db, "SELECT status FROM runs"));
        Assert.True((long)Db.Scalar(db, "SELECT COUNT(*) FROM execution_records")! > 0);
    }

    [Fact]
    public void Run_MissingFixtureDirectory_SaysSo()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", dir.File("nope"));

        AssertOneLineError(result, 2, "fixture directory not found", "nope");
    }

    [Theory]
    [InlineData("--fill-pmax", "1.5", "--fill-pmax must be in (0, 1]")]
    [InlineData("--fill-alpha", "0", "--fill-alpha must be > 0")]
    [InlineData("--fill-base-liquidity", "0", "--fill-base-liquidity must be in (0, 1]")]
    [InlineData("--k-ticks", "-1", "--k-ticks must be >= 0")]
    [InlineData("--max-exposure-usd", "-5", "--max-exposure-usd must be >= 0")]
    [InlineData("--poll-interval-sec", "0", "--poll-interval-sec must be in (0, 86400]")]
    [InlineData("--fill-model", "magic", "--fill-model must be trade-through, touch, probabilistic or queue")]
    [InlineData("--markets", "x", "--markets")]
    [InlineData("--run-id", "run-1", "--run-id must look like")]
    public void Run_InvalidFlag_NamesTheFlag(string flag, string value, string message)
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), flag, value);

        AssertOneLineError(result, 2, message);
        Assert.False(File.Exists(dir.File("t.db")));
    }

    [Fact]
    public void Run_UnknownFlag_NamesIt()
    {
        var result = Mm.Run("run", "--no-such-flag");

        AssertOneLineError(result, 2, "--no-such-flag");
    }

    [Fact]
    public void Run_UnknownWhitelistId_NamesIt()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("wl.json"), "[\"sample-mkt-1\", \"0xdeadbeef\"]");

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--whitelist", dir.File("wl.json"));

        AssertOneLineError(result, 2, "whitelist id '0xdeadbeef'");
    }

    [Fact]
    public void Run_WhitelistNotAnArray_SaysSo()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("wl.json"), "{\"ids\": []}");

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--whitelist", dir.File("wl.json"));

        AssertOneLineError(result, 2, "must be a JSON array");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("a/b")]
    public void Run_PathEscapingMarketId_IsRefused(string id)
    {
        using var dir = new TempDir();
        var fx = dir.File("fx");
        Directory.CreateDirectory(Path.Combine(fx, "snapshots"));
        File.WriteAllText(Path.Combine(fx, "markets.json"), $"[{{\"conditionId\":\"{id}\",\"outcomes\":[\"Yes\",\"No\"]}}]");

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", fx);

        AssertOneLineError(result, 2, "is not a plain file name");
    }

    [Fact]
    public void Run_NoTierAMarkets_PrintsTheSpecMessage()
    {
        using var dir = new TempDir();
        var fx = dir.File("fx");
        Directory.CreateDirectory(Path.Combine(fx, "snapshots"));
        File.WriteAllText(Path.Combine(fx, "markets.json"), "[{\"conditionId\":\"thin\",\"outcomes\":[\"Yes\",\"No\"]}]");
        File.WriteAllText(Path.Combine(fx, "snapshots", "thin.jsonl"), "{\"best_bid\":0.40,\"best_ask\":0.60,\"mid_price\":0.5,\"depth_bid_1\":5,\"depth_ask_1\":5}\n");

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", fx);

        AssertOneLineError(result, 2, "No markets selected (whitelist empty and no Tier-A markets found); pass --whitelist FILE");
    }

    [Fact]
    public void Run_ReusedRunIdInSameDatabase_IsRefused()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-id", "mm-20260206T020928-c0693f").ExitCode);

        var result = Mm.Run("run", "--db", db, "--run-id", "mm-20260206T020928-c0693f");

        AssertOneLineError(result, 2, "already exists");
        Assert.Equal(1L, Db.Scalar(db, "SELECT COUNT(*) FROM runs"));
    }
}
