using System.Diagnostics;
using PolyMM.Cli.Running;
using PolyMM.Cli.Tests.Support;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;

namespace PolyMM.Cli.Tests;

/// <summary>
/// Inputs a user can type end in one line and exit 2, never <c>internal:</c>, and never leave a <c>running</c> row
/// (docs/design.md#supported-ranges).
/// </summary>
public sealed class InputRangeTests
{
    private static void AssertRefused(MmResult result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("internal:", lines[0], StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, lines[0], StringComparison.Ordinal);
        }
    }

    private static long RunningRows(string db) =>
        File.Exists(db) ? (long)Db.Scalar(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'")! : 0;

    [Theory]
    [InlineData("--run-id", "mm-99991231T235959-ffffff", "--run-id time must be from 1970 to 8999")]
    [InlineData("--quote-size-usd", "79228162514264337593543950335", "--quote-size-usd must be in (0, 100000000]")]
    [InlineData("--bankroll", "79228162514264337593543950335", "--bankroll must be in (0, 100000000]")]
    [InlineData("--bankroll", "1000000000000000000000000000", "--bankroll must be in (0, 100000000]")]
    [InlineData("--bankroll", "123456789012", "--bankroll must be in (0, 100000000]")]
    [InlineData("--tick-size", "0.0000000001", "--tick-size must be a multiple of 0.0001 in [0.0001, 1)")]
    [InlineData("--tick-size", "0.00015", "--tick-size must be a multiple of 0.0001")]
    [InlineData("--fee-bps", "79228162514264337593543950335", "--fee-bps must be in [0, 10000]")]
    [InlineData("--poll-interval-sec", "79228162514264337593543950335", "--poll-interval-sec must be in (0, 86400]")]
    [InlineData("--max-runtime-min", "79228162514264337593543950335", "--max-runtime-min must be in (0, 1000000000]")]
    [InlineData("--skew-ticks", "79228162514264337593543950335", "--skew-ticks must be in [0, 1000000]")]
    public void Run_FlagOutsideSupportedRange_OneLineNamingRangeAndNoRunningRow(string flag, string value, string expected)
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--fixture-dir", SampleFixture.Dir, "--markets", "1", flag, value);

        AssertRefused(result, expected, value);
        Assert.Equal(0, RunningRows(db));
    }

    [Fact]
    public void Run_LargestBankrollAndQuoteWithSmallestTick_PassesPostRunGate()
    {
        // The edges of the supported ranges keep the post-run gate's exact identity: bankroll 10^8 with 6 decimals is
        // 15 significant digits at most, and a 0.0001 tick keeps notional = shares (2 dp) × price (4 dp) at 6 dp.
        using var dir = new TempDir();
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--fixture-dir", SampleFixture.Dir, "--markets", "2", "--bankroll", "100000000",
            "--quote-size-usd", "100000000", "--max-exposure-usd", "100000000", "--max-per-market-exposure-usd", "100000000",
            "--tick-size", "0.0001", "--k-ticks", "0", "--reports-dir", dir.File("reports"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("post_run PASS", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("complete", Db.Scalar(db, "SELECT status FROM runs"));
    }

    [Theory]
    [InlineData("bankroll", "a number")]
    [InlineData("db", "a string")]
    [InlineData("fixture_dir", "a string")]
    [InlineData("data_mode", "a string")]
    [InlineData("fill_model", "a string")]
    [InlineData("markets", "an integer")]
    public void Run_NullConfigValue_NamesTheKey(string key, string expected)
    {
        using var dir = new TempDir();
        var config = dir.Write("c.json", $"{{\"{key}\": null}}");

        var result = Mm.Run("run", "--config", config, "--db", dir.File("t.db"), "--fixture-dir", SampleFixture.Dir, "--markets", "1");

        AssertRefused(result, $"'{key}' must be {expected} (got null)");
    }

    [Fact]
    public void Run_NullRunIdInConfig_MeansANewId()
    {
        using var dir = new TempDir();
        var config = dir.Write("c.json", "{\"run_id\": null, \"whitelist\": null}");

        var result = Mm.Run("run", "--config", config, "--db", dir.File("t.db"), "--fixture-dir", SampleFixture.Dir, "--markets", "1", "--reports-dir", dir.File("r"));

        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    [Fact]
    public void Run_WhitelistNotUtf8_OneLineError()
    {
        using var dir = new TempDir();
        var whitelist = dir.WriteBytes("w.json", [(byte)'[', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)']']);

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", SampleFixture.Dir, "--whitelist", whitelist);

        AssertRefused(result, "w.json", "not valid UTF-8");
    }

    [Fact]
    public void Runs_SchemaVersionNotAnInteger_NamesWhatIsWrong()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--fixture-dir", SampleFixture.Dir, "--markets", "1", "--reports-dir", dir.File("r")).ExitCode);
        Db.Exec(db, "DELETE FROM schema_info; INSERT INTO schema_info (version) VALUES ('abc')");

        AssertRefused(Mm.Run("runs", "--db", db), "schema_info.version is not an integer");
        AssertRefused(Mm.Run("run", "--db", db, "--fixture-dir", SampleFixture.Dir), "schema_info.version is not an integer");
    }

    [Fact]
    public void Analyze_RunParamsNotJson_NamesTheRun()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--fixture-dir", SampleFixture.Dir, "--markets", "1", "--run-tag", "A", "--run-id", "mm-20260101T000000-abcdef", "--reports-dir", dir.File("r")).ExitCode);
        Db.Exec(db, "UPDATE runs SET params = 'nope{'");

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "A", "--reports-dir", dir.File("r"));

        AssertRefused(result, "run mm-20260101T000000-abcdef: runs.params is not valid JSON");
    }

    [Fact]
    public void Execute_LoopThrowsAfterRunRowWritten_MarksRunFailed()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var settings = new RunSettings { Db = db, ReportsDir = dir.File("r") };
        var pipeline = new RunPipeline(TextWriter.Null, TextWriter.Null, TimeProvider.System);
        MarketInfo[] markets = [new("m1", "Market one", true, "m-1")];

        Assert.Throws<InvalidOperationException>(() => pipeline.Execute(
            settings, "mm-20260101T000000-000001", "test", markets, [new InstrumentSpec(0, "m1", "m1", "", 0.01m, 0m)], () => 130,
            (_, _) => throw new InvalidOperationException("boom")));

        Assert.Equal("failed", Db.Scalar(db, "SELECT status FROM runs"));
    }

    [Fact]
    public async Task Run_SnapshotFileIsFifo_RefusedBeforeOpeningWithoutHanging()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDir();
        var fx = SampleFixture.CopyTo(dir.File("fx"));
        var snapshot = Directory.GetFiles(Path.Combine(fx, "snapshots"), "*.jsonl").Order(StringComparer.Ordinal).First();
        File.Delete(snapshot);
        using (var mkfifo = Process.Start("mkfifo", [snapshot]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // A child process, so a regression (open() blocking on the FIFO) is killed by the hang guard instead of
        // hanging the suite; the guard is not a performance bound.
        using var child = Mm.Start(dir.Path, "run", "--db", dir.File("t.db"), "--fixture-dir", fx, "--quiet");
        var stderr = child.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await child.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("mm run hung on a FIFO in snapshots/");
        }

        Assert.Equal(2, child.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(snapshot, lines[0], StringComparison.Ordinal);
        Assert.Contains("not a regular file (a FIFO (named pipe))", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MarketsJsonIsADirectory_RefusedNamingIt()
    {
        using var dir = new TempDir();
        var fx = SampleFixture.CopyTo(dir.File("fx"));
        File.Delete(Path.Combine(fx, "markets.json"));
        Directory.CreateDirectory(Path.Combine(fx, "markets.json"));

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--fixture-dir", fx);

        AssertRefused(result, Path.Combine(fx, "markets.json"));
    }
}
