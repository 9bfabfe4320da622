namespace PolyMM.Core.Market;

/// <summary>Liquidity tiers of a snapshot (docs/design.md#tiers-and-selection).</summary>
public enum LiquidityTier : byte
{
    A = 0,
    B = 1,
    C = 2,
}
