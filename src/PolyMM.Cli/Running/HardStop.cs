using System.Globalization;

namespace PolyMM.Cli.Running;

/// <summary>
/// The last resort behind <see cref="StopSignals"/> (docs/design.md#engine-loop, "Clock and stop"): a command that is
/// blocked where a cancellation cannot reach it — a read from a device, a database another process holds locked, a
/// stalled disk — still ends after SIGINT/SIGTERM. The first signal cancels as usual and arms a grace period
/// (<c>MM_STOP_GRACE_SEC</c>, default 10 s); if the process is still running when it lapses, or when a second signal
/// arrives, it prints one line and exits with the signal's code (130/143). Nothing committed is lost: the ledger's
/// last transaction either committed or rolls back on the next open, exactly as after a kill, and the run stays
/// <c>running</c> until <c>mm runs finalize</c> closes it. Only the real <c>mm</c> process installs it (in-process
/// callers such as the tests never exit the host).
/// </summary>
internal sealed class HardStop(TextWriter stderr, TimeProvider clock, TimeSpan grace)
{
    public const string GraceVariable = "MM_STOP_GRACE_SEC";

    private readonly object _gate = new();
    private ITimer? _timer;

    /// <summary>Installed by <c>Main</c> for the life of the process; null elsewhere.</summary>
    public static HardStop? Current { get; set; }

    /// <summary>The grace from <c>MM_STOP_GRACE_SEC</c> (a positive number of seconds), else 10 s.</summary>
    public static TimeSpan GraceFromEnvironment() =>
        double.TryParse(Environment.GetEnvironmentVariable(GraceVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 3600
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(10);

    /// <summary>Called on every stop signal: the first arms the grace period, a second one exits at once.</summary>
    public void OnSignal(int exitCode, string signal)
    {
        lock (_gate)
        {
            if (_timer is not null)
            {
                Exit(exitCode, $"error: second {signal}: stopping now; the ledger keeps its last committed tick (close the run with 'mm runs finalize')");
                return;
            }

            _timer = clock.CreateTimer(_ => Exit(exitCode,
                $"error: stopped by {signal}: still blocked {grace.TotalSeconds:0.#} s after the signal (waiting on a file, device or locked database); " +
                "the ledger keeps its last committed tick (close the run with 'mm runs finalize')"), null, grace, Timeout.InfiniteTimeSpan);
        }
    }

    private void Exit(int exitCode, string line)
    {
        try
        {
            stderr.WriteLine(line);
            stderr.Flush();
        }
        finally
        {
            Environment.Exit(exitCode);
        }
    }
}
