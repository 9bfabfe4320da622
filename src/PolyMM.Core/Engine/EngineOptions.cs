using PolyMM.Core.Quoting;

namespace PolyMM.Core.Engine;

/// <summary>Engine settings beyond quoting: fees and the fill limit.</summary>
public sealed record EngineOptions
{
    public QuoteParams Quote { get; init; } = new();

    /// <summary>Fee in basis points of notional, charged to cash at every fill.</summary>
    public decimal FeeBps { get; init; } = 2.0m;

    /// <summary>Stop after this many fills; 0 means no limit.</summary>
    public long MaxFills { get; init; }
}
