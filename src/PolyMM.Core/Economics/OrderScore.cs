namespace PolyMM.Core.Economics;

/// <summary>
/// How one order scored (docs/design.md#rewards): its spread s from the midpoint of its own token, whether it is
/// eligible (s ≤ v and size ≥ the minimum size), its score ((v − s)/v)² × size (0 when not eligible), which sum it
/// counts in (1 = Q_one, 2 = Q_two) and, when not eligible, why.
/// </summary>
public readonly record struct OrderScore(RewardOrder Order, decimal Spread, bool Eligible, decimal Score, int Sum, string? Reason);
