using PolyMM.Core.Quoting;

namespace PolyMM.Reports.Analysis;

/// <summary>A fill as the dashboard marks it: when, which side, at what price.</summary>
public readonly record struct FillPoint(long Micros, Side Side, decimal Price);
