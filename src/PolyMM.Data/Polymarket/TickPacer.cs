namespace PolyMM.Data.Polymarket;

/// <summary>
/// Wall-clock pacing of online ticks: one tick every <c>interval</c> from the start, on the injected clock. A tick that
/// overruns its slot starts the next one at once (no burst of catch-up ticks). With a maximum duration, waiting never
/// goes past it.
/// </summary>
public sealed class TickPacer
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan? _maxDuration;
    private readonly long _start;
    private TimeSpan _next;

    public TickPacer(TimeProvider time, TimeSpan interval, TimeSpan? maxDuration)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _time = time;
        _interval = interval;
        _maxDuration = maxDuration;
        _start = time.GetTimestamp();
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public bool Expired => _maxDuration is { } d && Elapsed >= d;

    /// <summary>Waits for the next tick's slot; false when the maximum duration ends first. Cancellation throws.</summary>
    public async Task<bool> WaitNextAsync(CancellationToken cancellationToken)
    {
        _next += _interval;
        var now = Elapsed;
        if (_next < now)
        {
            _next = now;
        }

        var until = _maxDuration is { } d && d < _next ? d : _next;
        if (until > now)
        {
            await Task.Delay(until - now, _time, cancellationToken).ConfigureAwait(false);
        }

        return !Expired;
    }
}
