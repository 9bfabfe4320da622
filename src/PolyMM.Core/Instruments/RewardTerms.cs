namespace PolyMM.Core.Instruments;

/// <summary>
/// A market's liquidity-reward terms as the venue states them: orders within <see cref="MaxSpread"/> (in price units,
/// e.g. 0.03 = 3 cents) of the midpoint and of at least <see cref="MinSize"/> shares score; the market pays
/// <see cref="DailyRate"/> USD a day across all makers. <see cref="ScalingFactor"/> is the venue's single-sided factor
/// c (a one-sided maker scores 1/c of its side; 3 on every market today). The scoring itself lives in
/// <see cref="Economics.RewardScoring"/> (docs/design.md#rewards).
/// </summary>
public sealed record RewardTerms(decimal MaxSpread, decimal MinSize, decimal DailyRate, decimal ScalingFactor = RewardTerms.DefaultScalingFactor)
{
    /// <summary>The venue's single-sided scaling factor c, the same on every market today.</summary>
    public const decimal DefaultScalingFactor = 3m;
}
