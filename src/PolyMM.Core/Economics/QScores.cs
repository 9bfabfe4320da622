namespace PolyMM.Core.Economics;

/// <summary>
/// One maker's liquidity-reward scores in one sample (docs/design.md#rewards). <see cref="QOne"/> sums the scores of
/// bids on YES and asks on NO, <see cref="QTwo"/> of asks on YES and bids on NO, each order's score being
/// ((v − s)/v)² × size; <see cref="QMin"/> is the two combined by the midpoint rule. <see cref="Eligible"/> counts the
/// orders within the max spread and at least the minimum size.
/// </summary>
/// <remarks>
/// The raw values are the same sums before the division by v² (Σ (v − s)² × size): they are exact in decimal, so a share
/// taken from them (<see cref="RewardScoring.Share"/>) carries no rounding from the division.
/// </remarks>
public readonly record struct QScores(decimal RawOne, decimal RawTwo, decimal RawMin, decimal MaxSpread, int Eligible)
{
    public decimal QOne => RawOne / (MaxSpread * MaxSpread);

    public decimal QTwo => RawTwo / (MaxSpread * MaxSpread);

    public decimal QMin => RawMin / (MaxSpread * MaxSpread);
}
