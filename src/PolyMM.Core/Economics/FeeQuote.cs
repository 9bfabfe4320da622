namespace PolyMM.Core.Economics;

/// <summary>
/// The venue-schedule fees of one fill (docs/design.md#fees): what a taker pays, what the maker of the same fill pays
/// (always 0) and the rebate the maker accrues. When <see cref="NoEstimateReason"/> is set the schedule or the fill is
/// unusable and all amounts are null: an unknown fee is never a zero.
/// </summary>
public sealed record FeeQuote(string? NoEstimateReason, decimal? FeeEquivalent, decimal? TakerFee, decimal? MakerFee, decimal? MakerRebate)
{
    public static FeeQuote None(string reason) => new(reason, null, null, null, null);
}
