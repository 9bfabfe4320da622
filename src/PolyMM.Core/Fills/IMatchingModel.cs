using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>
/// One of our orders as the simulated venue holds it (docs/design.md#fill-models): side, limit, size, what has filled so
/// far, when it was sent and when it became live. No information at or before <see cref="LiveAt"/> may fill it.
/// </summary>
public readonly record struct WorkingOrder(
    long Seq,
    int MarketIndex,
    Side Side,
    decimal Price,
    decimal Shares,
    decimal FilledShares,
    DateTimeOffset SentAt,
    DateTimeOffset LiveAt)
{
    /// <summary>
    /// Shares − filled. Before any fill (filled is a zero of no more places than the size) that is the size itself, bit for
    /// bit, so the subtraction is skipped (docs/design.md#performance-notes).
    /// </summary>
    public decimal Remaining => FilledShares == 0m && FilledShares.Scale <= Shares.Scale ? Shares : Shares - FilledShares;
}

/// <summary>
/// The market an event is about, as a matching model sees it after the event was applied: the YES token's top of book
/// (<see cref="Top"/>; for a trade event the book before it), the previous top-of-book row's last trade price (to tell a
/// new print from a stale one), the market's current tick and its L2 book.
/// </summary>
/// <remarks>
/// A ref struct holding the top by reference: built for every event and passed down by reference, it never copies the
/// snapshot (docs/design.md#performance-notes). It lives only for the call it is made for.
/// </remarks>
public readonly ref struct MatchContext
{
    private readonly ref readonly Snapshot _top;

    public MatchContext(in Snapshot top, decimal? previousLastTradePrice, decimal tickSize, OrderBook book)
    {
        _top = ref top;
        PreviousLastTradePrice = previousLastTradePrice;
        TickSize = tickSize;
        Book = book;
    }

    // The empty row every book-only context refers to; never assigned, it stays the default snapshot.
#pragma warning disable CS0649
    private static readonly Snapshot NoTop;
#pragma warning restore CS0649

    public ref readonly Snapshot Top => ref _top;

    /// <summary>A context with no top-of-book row (an empty snapshot) and no previous print: for callers that have only a book.</summary>
    public static MatchContext BookOnly(decimal tickSize, OrderBook book) => new(NoTop, null, tickSize, book);

    public decimal? PreviousLastTradePrice { get; }

    public decimal TickSize { get; }

    public OrderBook Book { get; }
}

/// <summary>
/// A matching model's answer for one live order at one event: <see cref="Shares"/> &gt; 0 fills that many (at most the
/// order's remainder; less is a partial fill) at <see cref="Price"/>; 0 means no fill, for <see cref="Reason"/>.
/// </summary>
public readonly record struct MatchResult(decimal Shares, decimal Price, string Reason, string PriceSource, FillDiagnostics Diagnostics)
{
    public bool Filled => Shares > 0m;

    public static MatchResult None(string reason, FillDiagnostics diagnostics) => new(0m, 0m, reason, string.Empty, diagnostics);

    /// <summary>The whole remainder of <paramref name="order"/> per a per-row evaluation that filled, else none.</summary>
    public static MatchResult From(in FillEvaluation eval, in WorkingOrder order) =>
        eval.Filled ? new MatchResult(order.Remaining, eval.Price, eval.Reason, eval.PriceSource, eval.Diagnostics) : None(eval.Reason, eval.Diagnostics);
}

/// <summary>
/// The simulated venue's matching port (docs/design.md#fill-models): told when an order becomes live, asked about every
/// later event of its market for each live order, told when an order leaves. A model may keep per-order state between
/// these calls (a queue position, say), keyed by <see cref="WorkingOrder.Seq"/>; any randomness is an injected seeded source.
/// </summary>
public interface IMatchingModel
{
    /// <summary>Stored with every fill: <c>trade-through</c>, <c>touch</c>, <c>probabilistic</c>, …</summary>
    string Name { get; }

    /// <summary>The order became live at <see cref="WorkingOrder.LiveAt"/> with the book as <paramref name="market"/> shows it.</summary>
    void OnAccepted(in WorkingOrder order, in MatchContext market);

    /// <summary>What <paramref name="e"/> (strictly after the order's live time) fills of <paramref name="order"/>.</summary>
    MatchResult Match(in WorkingOrder order, in MarketEvent e, in MatchContext market);

    /// <summary>The order left the venue (filled, cancelled); per-order state can be dropped.</summary>
    void OnClosed(long seq);

    /// <summary>
    /// Whether the model wants the NO token's trade prints too (the mirrored trade at 1 − p can reach a resting YES
    /// order; docs/design.md#queue-model). The per-row rules do not.
    /// </summary>
    bool MirrorsComplement => false;
}

/// <summary>
/// The shared shape of the three per-row rules (trade-through, touch, probabilistic): no per-order state, and every
/// top-of-book row or trade print is one evaluation of <see cref="IFillModel.Evaluate"/> that fills the whole remainder or
/// nothing. A trade print is evaluated as the last top of book with that print and its trade time.
/// </summary>
public abstract class RowRuleMatchingModel : IMatchingModel, IFillModel
{
    // The answer to an order a rule ruled out early; the gateway reads only that it did not fill.
    private static readonly MatchResult RuledOut = MatchResult.None(FillReasons.NotCrossed, default);

    public abstract string Name { get; }

    public abstract FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice);

    /// <summary>The tick a model that measures distance in ticks uses for this market; the others ignore it.</summary>
    protected virtual FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice, decimal tickSize) =>
        Evaluate(order, snapshot, previousLastTradePrice);

    public void OnAccepted(in WorkingOrder order, in MatchContext market)
    {
    }

    public void OnClosed(long seq)
    {
    }

    /// <summary>
    /// Whether the rule cannot fill <paramref name="order"/> on <paramref name="row"/>, decided from the print alone, without
    /// building an evaluation: a cheap exact pre-check of the same conditions <see cref="Evaluate(in RestingOrderView, in Snapshot, decimal?)"/>
    /// answers "no fill" for (docs/design.md#performance-notes). A rule that draws a random number for every evaluation
    /// must never rule out early (the draws would shift); the default rules out nothing.
    /// </summary>
    protected virtual bool RulesOut(in WorkingOrder order, in Snapshot row, decimal? previousLastTradePrice) => false;

    public MatchResult Match(in WorkingOrder order, in MarketEvent e, in MatchContext market)
    {
        switch (e.Kind)
        {
            case MarketEventKind.TopOfBook:
                {
                    if (RulesOut(order, e.Top, market.PreviousLastTradePrice))
                    {
                        return RuledOut;
                    }

                    var view = new RestingOrderView(order.Side, order.Price, order.Remaining, order.LiveAt);
                    var eval = Evaluate(view, e.Top, market.PreviousLastTradePrice, market.TickSize);
                    return MatchResult.From(eval, order);
                }

            case MarketEventKind.Trade when e.Token == Outcome.Yes:
                {
                    var view = new RestingOrderView(order.Side, order.Price, order.Remaining, order.LiveAt);
                    var row = market.Top with { Ts = e.TsEvent, LastTradePrice = e.Price, LastTradeTs = e.TsEvent, LastTradeSize = e.Size, LastTradeSide = e.Side };
                    var eval = Evaluate(view, row, null, market.TickSize);
                    return MatchResult.From(eval, order);
                }

            default:
                return MatchResult.None(FillReasons.NoLtp, default);
        }
    }
}
