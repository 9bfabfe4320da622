using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The rebuilt L2 book of one token and the health counters of its stream (docs/design.md#websocket-market-channel):
/// events applied, best bid/ask disagreements with the venue, resyncs (a snapshot that ended an out-of-sync or
/// crossed state), crossed books seen, and the book epoch (a tick-size change starts a new one).
/// </summary>
public sealed class AssetBook(string assetId, string? market)
{
    public string AssetId { get; } = assetId;

    /// <summary>Condition id the venue names with the token, when a message carried it.</summary>
    public string? Market { get; internal set; } = market;

    public OrderBook Book { get; } = new();

    /// <summary>Messages about this token that were applied (snapshots, level changes, trades, tick changes).</summary>
    public long Events { get; internal set; }

    /// <summary><c>price_change</c>/<c>best_bid_ask</c> messages whose stated best bid/ask differed from the rebuilt book.</summary>
    public long BboMismatches { get; internal set; }

    /// <summary>Snapshots that brought an out-of-sync, crossed or epoch-reset book back.</summary>
    public long Resyncs { get; internal set; }

    /// <summary>Times the rebuilt book became crossed (best bid ≥ best ask).</summary>
    public long Crossed { get; internal set; }

    /// <summary>Snapshots applied.</summary>
    public long Snapshots { get; internal set; }

    /// <summary>Book epoch: 0 at start, +1 at every tick-size change.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Current tick size when a snapshot or tick-size change stated it.</summary>
    public decimal? TickSize { get; internal set; }

    /// <summary>The rebuilt book disagreed with the venue; trusted again after the next snapshot.</summary>
    public bool OutOfSync { get; internal set; }

    /// <summary>The rebuilt book is crossed; the market is paused until the next snapshot.</summary>
    public bool Paused { get; internal set; }

    /// <summary>A tick-size change dropped the book; level changes are ignored until the next snapshot.</summary>
    public bool AwaitingSnapshot { get; internal set; }

    /// <summary>The run's instrument of this token, −1 when the token map does not know it (set once: the map does not change).</summary>
    internal int Instrument { get; init; } = -1;

    /// <summary>YES or NO of <see cref="Instrument"/>.</summary>
    internal Outcome Token { get; init; }

    /// <summary>Event time of the last message applied.</summary>
    public DateTimeOffset? LastEventTime { get; internal set; }
}
