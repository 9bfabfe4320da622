namespace PolyMM.Core.Quoting;

/// <summary>
/// The outcome of quoting one snapshot. A pause (<see cref="PauseReason"/> set) means no quotes at all;
/// otherwise each side is either an intent or absent, with the reason it is absent when that is not
/// simply "nothing to sell". <see cref="ClampedPassive"/> counts the sides (0–2) placed at the best passive
/// price because the raw quote would have crossed the book.
/// </summary>
public readonly record struct QuoteDecision(
    QuoteIntent? Bid,
    QuoteIntent? Ask,
    string? PauseReason,
    string? BidBlockedReason,
    string? AskBlockedReason,
    int ClampedPassive = 0)
{
    public static QuoteDecision Pause(string reason) => new(null, null, reason, null, null);
}
