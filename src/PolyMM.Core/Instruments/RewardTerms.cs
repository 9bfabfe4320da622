namespace PolyMM.Core.Instruments;

/// <summary>
/// A market's liquidity-reward terms as the venue states them: orders within <see cref="MaxSpread"/> (in price units,
/// e.g. 0.03 = 3 cents) of the midpoint and of at least <see cref="MinSize"/> shares score; the market pays
/// <see cref="DailyRate"/> USD a day across all makers. The scoring itself belongs to the rewards estimator.
/// </summary>
public sealed record RewardTerms(decimal MaxSpread, decimal MinSize, decimal DailyRate);
