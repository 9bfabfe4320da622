namespace PolyMM.Core.Quoting;

/// <summary>K-tick quoting parameters (docs/design.md#quoting), with the documented defaults.</summary>
public sealed record QuoteParams
{
    public decimal TickSize { get; init; } = 0.01m;
    public int KTicks { get; init; } = 2;
    public decimal SkewTicks { get; init; } = 1.0m;
    public decimal MaxSpreadPct { get; init; } = 0.05m;
    public decimal QuoteSizeUsd { get; init; } = 10m;
    public decimal MaxExposureUsd { get; init; } = 5000m;
    public decimal MaxPerMarketExposureUsd { get; init; } = 500m;
    public decimal MaxHoldTimeSec { get; init; } = 14400m;

    /// <summary>Floor the bid and ceil the ask to the tick grid (on by default; off keeps the prototype's raw prices).</summary>
    public bool RoundToTick { get; init; } = true;

    /// <summary>Quote books that are not a real CLOB book (<c>book_source</c> ≠ <c>clob</c>); off by default.</summary>
    public bool AllowSyntheticBooks { get; init; }
}
