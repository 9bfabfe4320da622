namespace PolyMM.Core.Quoting;

/// <summary>A quote the strategy wants resting: limit price (probability) and size (shares).</summary>
public readonly record struct QuoteIntent(decimal Price, decimal Shares)
{
    /// <summary>Price × shares in USD; exact in decimal.</summary>
    public decimal Notional => Price * Shares;
}
