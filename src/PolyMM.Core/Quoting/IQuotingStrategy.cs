using PolyMM.Core.Market;

namespace PolyMM.Core.Quoting;

/// <summary>
/// A strategy states the quotes it wants for one market from its valid top of book, our position and the market's current
/// tick (docs/design.md#quoting); the order manager turns that into submits and cancels. Pure: no I/O, no clock.
/// </summary>
public interface IQuotingStrategy
{
    QuoteDecision Quote(in Snapshot top, in QuoteContext position, decimal tickSize);

    /// <summary>
    /// The same decision, given the market's <paramref name="memo"/>: scratch state the engine keeps per market so a
    /// strategy can reuse work between calls (docs/design.md#quote-memo). A strategy that keeps none ignores it.
    /// </summary>
    QuoteDecision Quote(in Snapshot top, in QuoteContext position, decimal tickSize, ref QuoteMemo memo) => Quote(top, position, tickSize);
}

/// <summary>The k-tick rules of <see cref="Quoter"/> as a strategy.</summary>
public sealed class KTickStrategy(QuoteParams parameters) : IQuotingStrategy
{
    public QuoteParams Parameters { get; } = parameters;

    public QuoteDecision Quote(in Snapshot top, in QuoteContext position, decimal tickSize) => Quoter.Quote(top, position, Parameters, tickSize);

    public QuoteDecision Quote(in Snapshot top, in QuoteContext position, decimal tickSize, ref QuoteMemo memo) =>
        Quoter.Quote(top, position, Parameters, tickSize, ref memo);
}
