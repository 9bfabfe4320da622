using PolyMM.Core.Instruments;
using PolyMM.Core.Market;

namespace PolyMM.Core.Quoting;

/// <summary>
/// The part of a k-tick decision that depends only on the book's touch, the book source, the tick, whether we hold shares
/// and the fee terms (rules 1–6, the sizes of rules 8 and 12 and the bid's cost; docs/design.md#quote-memo): computed once
/// and reused while those inputs stay bit for bit the same. The engine keeps one per market (so each engine, and each
/// thread, has its own); <c>default</c> matches nothing.
/// </summary>
public struct QuoteMemo
{
    private readonly decimal _bestBid;
    private readonly decimal _bestAsk;
    private readonly decimal _tick;
    private readonly decimal _feeBps;
    private readonly BookSource _source;
    private readonly FeeSchedule? _schedule;
    private readonly QuoteParams? _params;

    internal QuoteMemo(decimal bestBid, decimal bestAsk, BookSource source, decimal tick, bool holding, decimal feeBps,
        FeeSchedule? schedule, QuoteParams p)
    {
        _bestBid = bestBid;
        _bestAsk = bestAsk;
        _source = source;
        _tick = tick;
        Holding = holding;
        _feeBps = feeBps;
        _schedule = schedule;
        _params = p;
    }

    internal bool Holding { get; }
    internal string? PauseReason { get; private set; }
    internal bool BidMoved { get; set; }
    internal bool AskMoved { get; set; }
    internal bool BidOk { get; set; }
    internal bool AskOk { get; set; }
    internal decimal Bid { get; set; }
    internal decimal Ask { get; set; }
    internal decimal BidShares { get; set; }
    internal decimal BidNotional { get; set; }

    /// <summary>The bid's notional plus the fee set aside for it (what rule 10 compares with the available cash).</summary>
    internal decimal BidCost { get; set; }

    /// <summary>The ask's size before it is limited to the shares held (only computed while holding).</summary>
    internal decimal AskShares { get; set; }

    internal QuoteMemo Paused(string reason)
    {
        var m = this;
        m.PauseReason = reason;
        return m;
    }

    /// <summary>
    /// Same inputs, compared by their bits (value and scale: 0.5 and 0.50 are different inputs, since the scale reaches
    /// the prices the quoter writes), the same parameter and fee-schedule objects.
    /// </summary>
    internal readonly bool Matches(in Snapshot s, in QuoteContext ctx, QuoteParams p, decimal tick) =>
        ReferenceEquals(_params, p)
        && DecimalMath.SameBits(_bestBid, s.BestBid.GetValueOrDefault())
        && DecimalMath.SameBits(_bestAsk, s.BestAsk.GetValueOrDefault())
        && DecimalMath.SameBits(_tick, tick)
        && _source == s.BookSource
        && Holding == ctx.SharesHeld > 0m
        && DecimalMath.SameBits(_feeBps, ctx.FeeBps)
        && ReferenceEquals(_schedule, ctx.FeeSchedule);
}
