using System.Globalization;

namespace PolyMM.Cli.Running;

/// <summary>
/// A seam for the reliability tests, so that a kill, a signal or a concurrent reader meets a run that is certainly
/// still in progress instead of one that may already have finished. With <c>MM_TEST_PAUSE_AT_TICK=N</c> and
/// <c>MM_TEST_PAUSE_DIR=dir</c> in the environment, a run stops after tick N (after that tick's checkpoint
/// decision), creates <c>dir/paused</c> and waits until <c>dir/resume</c> exists or the run is cancelled (SIGINT or
/// SIGTERM); a cancelled run then stops before tick N + 1. Without both variables, which is always outside the
/// tests, nothing is wrapped.
/// </summary>
internal sealed class TestPause
{
    public const string TickVariable = "MM_TEST_PAUSE_AT_TICK";
    public const string DirVariable = "MM_TEST_PAUSE_DIR";

    private static readonly TimeSpan PollStep = TimeSpan.FromMilliseconds(20);

    private readonly long _tick;
    private readonly string _dir;

    private TestPause(long tick, string dir)
    {
        _tick = tick;
        _dir = dir;
    }

    /// <summary>Returns <paramref name="afterTick"/> itself unless the pause is configured, else it followed by the pause.</summary>
    public static Action<long> Wrap(Action<long> afterTick, CancellationToken cancellation)
    {
        var pause = FromEnvironment();
        return pause is null ? afterTick : ticks =>
        {
            afterTick(ticks);
            if (ticks == pause._tick)
            {
                pause.Hold(cancellation);
            }
        };
    }

    private static TestPause? FromEnvironment()
    {
        var tick = Environment.GetEnvironmentVariable(TickVariable);
        var dir = Environment.GetEnvironmentVariable(DirVariable);
        return long.TryParse(tick, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && !string.IsNullOrEmpty(dir)
            ? new TestPause(n, dir)
            : null;
    }

    private void Hold(CancellationToken cancellation)
    {
        File.WriteAllText(Path.Combine(_dir, "paused"), _tick.ToString(CultureInfo.InvariantCulture));
        var resume = Path.Combine(_dir, "resume");
        while (!File.Exists(resume) && !cancellation.WaitHandle.WaitOne(PollStep))
        {
        }
    }
}
