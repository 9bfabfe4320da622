namespace PolyMM.Core.Market;

/// <summary>
/// A stream of market events ordered by event time across all instruments of a run (stable ties by source order;
/// docs/design.md#engine-loop). The one driver drains <see cref="TryRead"/> and, when nothing is buffered, awaits
/// <see cref="WaitAsync"/>: an offline feed has everything buffered and ends at once, so the hot path is a plain
/// synchronous loop; an online feed fills its buffer from polls or a socket.
/// </summary>
public interface IMarketDataFeed
{
    int InstrumentCount { get; }

    /// <summary>The next buffered event, or false when none is buffered right now (or the feed has ended).</summary>
    bool TryRead(out MarketEvent e);

    /// <summary>Waits until more events are buffered (true) or the feed has ended (false).</summary>
    ValueTask<bool> WaitAsync(CancellationToken cancellation);

    /// <summary>Events the feed could not use, by reason (e.g. an unknown event kind); counted and skipped, never fatal.</summary>
    IReadOnlyDictionary<string, long> Skipped { get; }
}
