namespace PolyMM.Core.Market;

/// <summary>Snapshot validation (docs/design.md#snapshot-validation). The first failing rule wins; null means valid.</summary>
public static class SnapshotValidator
{
    public const string MissingBidAsk = "missing_bid_ask";
    public const string NegativeBidAsk = "negative_bid_ask";
    public const string BidGtAsk = "bid_gt_ask";

    /// <summary>A price above 1: probabilities cannot exceed 1 (a PolyMM addition to docs/design.md#snapshot-validation).</summary>
    public const string PriceOutOfRange = "price_out_of_range";
    public const string MissingMid = "missing_mid";
    public const string MidMismatch = "mid_mismatch";
    public const string MidOutOfRange = "mid_out_of_range";

    /// <summary>Event time not after the market's previous snapshot (clock skew or out-of-order rows).</summary>
    public const string NonMonotonicTs = "non_monotonic_ts";

    // The documented tolerances are 1e-9 on probability prices (docs/design.md#conventions).
    private const decimal Eps = 0.000000001m;

    public static string? Validate(in Snapshot s) => Validate(s, out _);

    /// <summary>
    /// The same rules, also giving the book's own mid (best bid + best ask) / 2, which the engine marks with; 0 when the
    /// rules stop before it is known. Each tolerance test first compares exactly (bid ≤ ask, mid = book mid), which
    /// decides most snapshots without the additions (docs/design.md#performance-notes). <paramref name="midIsBookMid"/>: the
    /// caller built the snapshot from a book, its mid already being (best bid + best ask) / 2 computed the same way, so it is
    /// taken as the book mid instead of being computed a second time.
    /// </summary>
    public static string? Validate(in Snapshot s, out decimal bookMid, bool midIsBookMid = false)
    {
        bookMid = 0m;
        if (s.BestBid is not { } bid || s.BestAsk is not { } ask)
        {
            return MissingBidAsk;
        }

        if (bid < 0m || ask < 0m)
        {
            return NegativeBidAsk;
        }

        if (bid > ask && bid > ask + Eps)
        {
            return BidGtAsk;
        }

        if (s.MidPrice is not { } mid)
        {
            return MissingMid;
        }

        bookMid = midIsBookMid ? mid : DecimalMath.Half(bid + ask);
        if (mid != bookMid && Math.Abs(mid - bookMid) > Eps)
        {
            return MidMismatch;
        }

        // The quoter works from the book's own mid, which the 1e-9 tolerance lets sit at 0 (or 1) while the
        // stated mid is inside: bid = ask = 0 with mid 1e-9 would divide by zero in the spread check.
        if (mid <= 0m || mid >= 1m || bookMid <= 0m || bookMid >= 1m)
        {
            return MidOutOfRange;
        }

        // Checked last so the documented codes keep their order.
        return bid > 1m || ask > 1m ? PriceOutOfRange : null;
    }
}
