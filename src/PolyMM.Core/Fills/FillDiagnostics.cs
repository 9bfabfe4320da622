namespace PolyMM.Core.Fills;

/// <summary>
/// Per-evaluation diagnostics (docs/design.md#fill-models). For the strict model only <see cref="Ref"/> (the LTP) is set;
/// the probabilistic model fills in the distance, raw and capped probability and the uniform roll. The queue model sets
/// <see cref="QueueAtAccept"/> (the displayed size ahead when the order became live; null when it was not visible) and
/// <see cref="QueueAtFill"/> (the estimated size ahead just before the trade that filled it); the others leave them null.
/// </summary>
public readonly record struct FillDiagnostics(
    decimal? Ref,
    double DistTicks,
    double PRaw,
    double P,
    double Roll,
    decimal? QueueAtAccept = null,
    decimal? QueueAtFill = null);
