namespace PolyMM.Core.Quoting;

/// <summary>Reason codes counted in the report's <c>pause_reasons</c> (docs/design.md#quoting).</summary>
public static class QuoteReasons
{
    public const string SpreadTooWide = "spread_too_wide";
    public const string InvalidExposureCaps = "invalid_exposure_caps";
    public const string InvalidQuoteBounds = "invalid_quote_bounds";
    public const string BidCrossesAsk = "bid_crosses_ask";
    public const string AskCrossesBid = "ask_crosses_bid";
    public const string ExposureCap = "exposure_cap";
    public const string StaleInventory = "stale_inventory";
    public const string ZeroSize = "zero_size";

    /// <summary>A side whose size is above zero but below the market's minimum order size: the venue would reject it.</summary>
    public const string BelowMinSize = "below_min_size";
    public const string SyntheticBook = "synthetic_book";
    public const string InsufficientCash = "insufficient_cash";

    /// <summary>Not a block: a quote that would have crossed was moved to the best passive price and placed.</summary>
    public const string ClampedPassive = "clamped_passive";
}
