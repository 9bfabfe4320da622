using Microsoft.Extensions.Time.Testing;
using PolyMM.Cli.Running;
using PolyMM.Cli.Tests.Support;
using PolyMM.Data.Fixtures.Synth;

namespace PolyMM.Cli.Tests;

/// <summary>
/// Progress on long work (issue 12, item 7): off a terminal, one plain stderr line per interval of the CLI's clock;
/// <c>--quiet</c> none; stdout unchanged. The clock is a <see cref="FakeTimeProvider"/>, so no test waits.
/// </summary>
public sealed class ProgressTests
{
    private static (int Code, MmResult Result) RunWithProgress(FakeTimeProvider clock, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, clock, new ProgressOutput(stderr, IsTerminal: false));
        return (code, new MmResult(code, stdout.ToString(), stderr.ToString()));
    }

    private static string[] ProgressLines(string stderr, string label) =>
        [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith(label, StringComparison.Ordinal))];

    [Fact]
    public void Reporter_NotATerminal_WritesOnePlainLineOnlyOnceTheIntervalHasPassed()
    {
        var clock = new FakeTimeProvider();
        using var err = new StringWriter();
        using var shown = ProgressReporter.Start(new ProgressOutput(err, IsTerminal: false), clock, "run", 100, "%", rateUnit: "ticks");
        shown.Update(40, "fills=3", items: 200);

        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(err.ToString());

        clock.Advance(TimeSpan.FromSeconds(0.1));
        // At 5 s: 40 % done, 200 ticks / 5 s = 40 ticks/s; 40 %/5 s = 8 %/s, so (100 - 40) / 8 = 7.5 s left, shown as 7s.
        var line = Assert.Single(err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("run: 40.0% rate=40 ticks/s elapsed=5s eta=7s fills=3", line.Trim());

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Reporter_Disposed_WritesNothingMore()
    {
        var clock = new FakeTimeProvider();
        using var err = new StringWriter();
        var shown = ProgressReporter.Start(new ProgressOutput(err, IsTerminal: false), clock, "analyze", 3, "steps");

        shown.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(err.ToString());
    }

    [Fact]
    public void Reporter_Quiet_WritesNothing()
    {
        var clock = new FakeTimeProvider();
        using var err = new StringWriter();
        using var shown = ProgressReporter.Start(new ProgressOutput(err, IsTerminal: false).Unless(quiet: true), clock, "run", 100, "%");
        shown.Update(50);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(err.ToString());
    }

    [Fact]
    public void Run_NotATerminal_PrintsPlainProgressLinesAndStdoutStillEndsWithRunComplete()
    {
        using var dir = new TempDir();
        SynthFixtureWriter.Write(dir.File("fx"), new SynthOptions(2, 400, 3, Tight: true));
        // Every read of the clock moves it 1 s: the run's per-tick checkpoints carry it past the 5 s interval.
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var (code, result) = RunWithProgress(clock, "run", "--db", dir.File("t.db"), "--fixture-dir", dir.File("fx"), "--markets", "2", "--reports-dir", dir.File("reports"));

        Assert.Equal(0, code);
        var lines = ProgressLines(result.Stderr, "run:");
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains("ticks=", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("event_time=2026-", StringComparison.Ordinal));
        Assert.DoesNotContain("run:", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Run complete:", result.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Quiet_PrintsNoProgress()
    {
        using var dir = new TempDir();
        SynthFixtureWriter.Write(dir.File("fx"), new SynthOptions(2, 400, 3, Tight: true));
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var (code, result) = RunWithProgress(clock, "run", "--db", dir.File("t.db"), "--fixture-dir", dir.File("fx"), "--markets", "2", "--reports-dir", dir.File("reports"), "--quiet");

        Assert.Equal(0, code);
        Assert.Empty(result.Stderr);
        Assert.StartsWith("Run complete:", result.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void SynthWriter_ProgressHook_ToldOfEveryFullBlockOfLines()
    {
        using var dir = new TempDir();
        long told = 0;

        SynthFixtureWriter.Write(dir.File("fx"), new SynthOptions(2, 140_000, 3, Tight: false), n => Interlocked.Add(ref told, n));

        // Per market, blocks of 65,536 lines are reported as each next block starts: 140,000 lines start blocks
        // at 65,536 and 131,072, so 2 × 65,536 = 131,072 per market and 262,144 for both.
        Assert.Equal(262_144, told);
    }

    [Fact]
    public void Experiment_NotATerminal_StepProgressIsMarkedWithItsStep()
    {
        using var dir = new TempDir();
        SynthFixtureWriter.Write(dir.File("fx"), new SynthOptions(2, 400, 3, Tight: true));
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var (_, result) = RunWithProgress(clock, "experiment", "--db", dir.File("t.db"), "--fixture-dir", dir.File("fx"), "--markets", "2", "--reports-dir", dir.File("reports"));

        Assert.NotEmpty(ProgressLines(result.Stderr, "[1/7] run:"));
        Assert.NotEmpty(ProgressLines(result.Stderr, "[4/7] run:"));
        Assert.DoesNotContain("run:", result.Stdout, StringComparison.Ordinal);
    }
}
