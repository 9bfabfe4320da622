using PolyMM.Core.Quoting;

namespace PolyMM.Core.Engine;

/// <summary>Engine settings beyond quoting: fees and the fill limit.</summary>
public sealed record EngineOptions
{
    public QuoteParams Quote { get; init; } = new();

    /// <summary>
    /// Fee in basis points of notional, charged to cash at every fill of a market without a fee schedule, or of every
    /// market when <see cref="ForceFlatFee"/> (docs/design.md#fees).
    /// </summary>
    public decimal FeeBps { get; init; } = 2.0m;

    /// <summary>True when the flat <see cref="FeeBps"/> was asked for explicitly: market fee schedules are then ignored (no rebates).</summary>
    public bool ForceFlatFee { get; init; }

    /// <summary>Stop after this many fills; 0 means no limit.</summary>
    public long MaxFills { get; init; }

    /// <summary>Entry latency of the simulated venue: an order sent at t is live from t + this (docs/design.md#order-lifecycle). The CLI's default is 100 ms.</summary>
    public TimeSpan EntryLatency { get; init; }

    /// <summary>Cancel latency: a cancel sent at t takes effect at t + this; the order can fill until then.</summary>
    public TimeSpan CancelLatency { get; init; }

    /// <summary>
    /// When set, every entry and cancel leg takes a delay drawn from this recorded distribution instead of the constant
    /// latencies above (docs/design.md#order-lifecycle).
    /// </summary>
    public Execution.LatencyDistribution? DrawnLatency { get; init; }
}
