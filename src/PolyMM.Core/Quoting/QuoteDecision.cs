namespace PolyMM.Core.Quoting;

/// <summary>
/// The outcome of quoting one snapshot. A pause (<see cref="PauseReason"/> set) means no quotes at all;
/// otherwise each side is either an intent or absent, with the reason it is absent when that is not
/// simply "nothing to sell".
/// </summary>
public readonly record struct QuoteDecision(
    QuoteIntent? Bid,
    QuoteIntent? Ask,
    string? PauseReason,
    string? BidBlockedReason,
    string? AskBlockedReason)
{
    public static QuoteDecision Pause(string reason) => new(null, null, reason, null, null);
}
