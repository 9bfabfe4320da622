namespace PolyMM.Core.Market;

/// <summary>SPEC §3 liquidity tiers of a snapshot.</summary>
public enum LiquidityTier : byte
{
    A = 0,
    B = 1,
    C = 2,
}
