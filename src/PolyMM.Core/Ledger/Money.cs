namespace PolyMM.Core.Ledger;

/// <summary>The one rounding policy of the ledger (docs/design.md#ledger).</summary>
public static class Money
{
    /// <summary>Micro-USD: the venue's pUSD has 6 decimals.</summary>
    public const int Decimals = 6;

    /// <summary>fee = |notional| × bps / 10 000, rounded half-even to 6 decimals.</summary>
    public static decimal Fee(decimal notional, decimal feeBps) =>
        Math.Round(Math.Abs(notional) * feeBps / 10_000m, Decimals, MidpointRounding.ToEven);
}
