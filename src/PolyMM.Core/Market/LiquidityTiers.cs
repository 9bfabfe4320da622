namespace PolyMM.Core.Market;

/// <summary>
/// Tier rule (docs/design.md#tiers-and-selection) in decimal: a spread of exactly 1 % is tier A (in binary doubles the sample's
/// (0.5025 − 0.4975)/0.5 comes out as 0.010000000000000009 and would fall to B; do not "fix" this back).
/// </summary>
public static class LiquidityTiers
{
    public static LiquidityTier Classify(in Snapshot s)
    {
        var spread = s.SpreadPct ?? 1m;
        var depth = (s.DepthBid1 ?? 0m) + (s.DepthAsk1 ?? 0m);
        if (spread <= 0.01m && depth >= 1000m)
        {
            return LiquidityTier.A;
        }

        return spread <= 0.03m && depth >= 250m ? LiquidityTier.B : LiquidityTier.C;
    }
}
