namespace PolyMM.Data.Polymarket;

/// <summary>
/// Client-side request budget for one host: <c>capacity</c> requests at once, refilled at <c>ratePerSecond</c>.
/// A caller that finds the bucket empty reserves the next token (the count goes negative) and waits for it on the
/// injected clock, so waiting callers are served in arrival order and the average rate never exceeds the budget.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(double ratePerSecond, int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(time);
        _ratePerSecond = ratePerSecond;
        _capacity = capacity;
        _time = time;
        _tokens = capacity;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Takes one token now and returns how long the caller must wait before using it (zero when available).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * _ratePerSecond));
            _lastRefill = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _ratePerSecond);
        }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
