namespace PolyMM.FakeVenue.Tests;

/// <summary>
/// The system clock shifted by an offset the test moves forward: timers (Polly delays, the token bucket) stay real,
/// while "now" can jump past a Retry-After window without the test sleeping. The hostile-venue tests talk to real
/// sockets, so their timers must stay real; FakeTimeProvider would freeze them.
/// </summary>
internal sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
