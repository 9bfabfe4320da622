using PolyMM.Core.Fills;

namespace PolyMM.Core.Orders;

/// <summary>What the gateway reports about one of our orders (docs/design.md#order-lifecycle).</summary>
public enum OrderEventKind : byte
{
    /// <summary>The order is live at the venue from <see cref="OrderEvent.Ts"/>.</summary>
    Accepted = 0,

    /// <summary>The venue refused the order (<see cref="OrderEvent.Reason"/>, e.g. post-only would cross); it never worked.</summary>
    Rejected = 1,

    /// <summary>Part or all of the order's remainder traded: <see cref="OrderEvent.Shares"/> at <see cref="OrderEvent.Price"/>.</summary>
    Filled = 2,

    /// <summary>A cancel took effect at <see cref="OrderEvent.Ts"/>; the order's unfilled remainder is gone.</summary>
    Cancelled = 3,
}

/// <summary>
/// One order event from a gateway. For <see cref="OrderEventKind.Filled"/>: <see cref="FillId"/> (unique in the run, from
/// the venue), shares, price, maker flag, the matching model's reason, price source and diagnostics. <see cref="Evaluations"/>
/// is how many times the venue's matching model has looked at the order so far.
/// </summary>
public readonly record struct OrderEvent(
    OrderEventKind Kind,
    long Seq,
    int MarketIndex,
    DateTimeOffset Ts,
    string? Reason = null,
    long FillId = 0,
    decimal Shares = 0m,
    decimal Price = 0m,
    bool IsMaker = true,
    string PriceSource = "",
    FillDiagnostics Diagnostics = default,
    int Evaluations = 0);

/// <summary>Receives a gateway's order events, in the order they happen.</summary>
public interface IOrderEventSink
{
    void OnOrderEvent(in OrderEvent e);

    /// <summary>True once the receiver wants no more fills this run (the fill limit): a simulated venue stops matching.</summary>
    bool Halted { get; }
}
