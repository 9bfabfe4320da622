using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>What a fill model may know about a resting order: side, limit, size and the event time it became live.</summary>
public readonly record struct RestingOrderView(Side Side, decimal LimitPrice, decimal Shares, DateTimeOffset LiveAt);
