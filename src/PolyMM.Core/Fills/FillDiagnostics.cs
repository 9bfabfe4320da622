namespace PolyMM.Core.Fills;

/// <summary>
/// Per-evaluation diagnostics (docs/design.md#fill-models). For the strict model only <see cref="Ref"/> (the LTP) is set;
/// the probabilistic model fills in the distance, raw and capped probability and the uniform roll.
/// </summary>
public readonly record struct FillDiagnostics(
    decimal? Ref,
    double DistTicks,
    double PRaw,
    double P,
    double Roll);
