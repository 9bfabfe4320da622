using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary>
/// Every output path is checked before the work starts (issue 12, item 5): one line naming the flag and the path,
/// exit 2, nothing written; no silent overwrite of a fixture, the ledger or an input.
/// </summary>
public sealed class OutputPathTests
{
    private static void AssertRefused(MmResult result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, line, StringComparison.Ordinal);
        }
    }

    private static string RunOnce(TempDir dir)
    {
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--reports-dir", dir.File("reports")).ExitCode);
        return db;
    }

    [Fact]
    public void Synth_NonEmptyOutWithoutForce_IsRefusedAndLeftAlone()
    {
        using var dir = new TempDir();
        var fx = dir.File("fx");
        Assert.Equal(0, Mm.Run("fixture", "synth", "--out", fx, "--markets", "2", "--snapshots", "5").ExitCode);
        var before = File.ReadAllBytes(Path.Combine(fx, "snapshots", "synth-mkt-0002.jsonl"));

        var result = Mm.Run("fixture", "synth", "--out", fx, "--markets", "2", "--snapshots", "9", "--seed", "7");

        AssertRefused(result, "--out", fx, "not empty", "--force");
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(fx, "snapshots", "synth-mkt-0002.jsonl")));
    }

    [Fact]
    public void Synth_Force_ReplacesTheFixtureWithoutStaleMarkets()
    {
        using var dir = new TempDir();
        var fx = dir.File("fx");
        Assert.Equal(0, Mm.Run("fixture", "synth", "--out", fx, "--markets", "3", "--snapshots", "5").ExitCode);

        var result = Mm.Run("fixture", "synth", "--out", fx, "--markets", "1", "--snapshots", "5", "--force");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["synth-mkt-0001.jsonl"], Directory.GetFiles(Path.Combine(fx, "snapshots")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--output-json")]
    [InlineData("--output-md")]
    [InlineData("--export-csv")]
    public void Analyze_OutputIsADirectory_RefusedBeforeWriting(string flag)
    {
        using var dir = new TempDir();
        var db = RunOnce(dir);
        Directory.CreateDirectory(dir.File("adir"));

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--reports-dir", dir.File("out"), flag, dir.File("adir"));

        AssertRefused(result, flag, dir.File("adir"), "is a directory");
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void Analyze_OutputParentMissing_Refused()
    {
        using var dir = new TempDir();
        var db = RunOnce(dir);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--reports-dir", dir.File("out"), "--output-md", dir.File("nope/r.md"));

        AssertRefused(result, "--output-md", "nope", "does not exist");
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-wal")]
    [InlineData("-shm")]
    public void Analyze_OutputIsTheLedger_Refused(string suffix)
    {
        using var dir = new TempDir();
        var db = RunOnce(dir);
        var size = new FileInfo(db).Length;

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--reports-dir", dir.File("reports"), "--export-csv", db + suffix);

        AssertRefused(result, "--export-csv", "--db");
        Assert.Equal(size, new FileInfo(db).Length);
    }

    [Fact]
    public void Analyze_TwoOutputsOnOnePath_Refused()
    {
        using var dir = new TempDir();
        var db = RunOnce(dir);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--output-json", dir.File("r"), "--output-md", dir.File("r"), "--export-csv", dir.File("f.csv"));

        AssertRefused(result, "--output-md", "--output-json");
    }

    [Fact]
    public void Run_ReportsDirIsAFile_RefusedBeforeTheRun()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("afile"), "x");

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--reports-dir", dir.File("afile"));

        AssertRefused(result, "--reports-dir", "afile", "is a file");
        Assert.False(File.Exists(dir.File("t.db")));
    }

    [Fact]
    public void Run_DbIsADirectory_NamesTheFlag()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("adir"));

        var result = Mm.Run("run", "--db", dir.File("adir"), "--reports-dir", dir.File("reports"));

        AssertRefused(result, "--db", "adir", "is a directory");
    }

    [Fact]
    public void Run_DbIsTheConfigFile_Refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("c.json"), "{}");

        var result = Mm.Run("run", "--db", dir.File("c.json"), "--config", dir.File("c.json"), "--reports-dir", dir.File("reports"));

        AssertRefused(result, "--db", "--config");
        Assert.Equal("{}", File.ReadAllText(dir.File("c.json")));
    }

    [Fact]
    public void Run_DbParentMissing_Refused()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("nope/t.db"), "--reports-dir", dir.File("reports"));

        AssertRefused(result, "--db", "nope", "does not exist");
    }

    [Fact]
    public void Calibrate_OutputCsvIsADirectory_RefusedBeforeTheWork()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("adir"));

        var result = Mm.Run("calibrate", "--output-csv", dir.File("adir"));

        AssertRefused(result, "--output-csv", "is a directory");
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Dashboard_OutputIsAnInputReport_Refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.json"), "{}");

        var result = Mm.Run("dashboard", "--reports", dir.File("r.json"), "--output", dir.File("r.json"));

        AssertRefused(result, "--output", "--reports");
        Assert.Equal("{}", File.ReadAllText(dir.File("r.json")));
    }

    [Fact]
    public void Record_OutIsAFile_RefusedBeforeAnyNetwork()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("afile"), "x");

        var result = Mm.Run("record", "--out", dir.File("afile"), "--minutes", "1", "--gamma-url", "http://127.0.0.1:9", "--clob-url", "http://127.0.0.1:9");

        AssertRefused(result, "--out", "is a file");
    }

    [Fact]
    public void Run_MoreMarketsThanTheFixtureHas_SaysHowManyOnStderr()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--markets", "5", "--reports-dir", dir.File("reports"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 of 5 requested markets available", result.Stderr.Split('\n', StringSplitOptions.TrimEntries));
        Assert.StartsWith("Run complete:", result.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoMarketsSelected_AdviceNamesWhitelistFileAndTierAFixture()
    {
        using var dir = new TempDir();
        var fx = dir.File("fx");
        Assert.Equal(0, Mm.Run("fixture", "synth", "--out", fx, "--markets", "1", "--snapshots", "5").ExitCode);

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", fx);

        AssertRefused(result, "No markets selected", "--whitelist FILE", "JSON array of condition ids", "mm fixture synth --tight");
        Assert.DoesNotContain("config/market_making_whitelist.json", result.Stderr, StringComparison.Ordinal);
    }
}
