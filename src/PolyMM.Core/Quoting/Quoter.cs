using PolyMM.Core.Economics;
using PolyMM.Core.Market;

namespace PolyMM.Core.Quoting;

/// <summary>
/// The k-tick quoting rules, as one pure function: snapshot + our position in, quotes out. Every rule
/// that can stop or move a quote lives here, in the order docs/design.md#quoting lists them.
/// </summary>
public static class Quoter
{
    /// <summary>The venue's size granularity: shares are floored to 0.01 (docs/design.md#polymarket-wire-facts).</summary>
    public const decimal ShareStep = 0.01m;

    /// <summary>Quotes one valid snapshot (the caller has run <see cref="SnapshotValidator"/>).</summary>
    public static QuoteDecision Quote(in Snapshot s, in QuoteContext ctx, QuoteParams p) => Quote(s, ctx, p, p.TickSize);

    /// <summary>Quotes one valid snapshot on a market whose current tick is <paramref name="tick"/> (docs/design.md#instruments).</summary>
    public static QuoteDecision Quote(in Snapshot s, in QuoteContext ctx, QuoteParams p, decimal tick)
    {
        var memo = default(QuoteMemo);
        return Quote(s, ctx, p, tick, ref memo);
    }

    /// <summary>
    /// The same decision, reusing <paramref name="memo"/>'s prices and sizes when the book's touch, the tick, whether we
    /// hold shares and the fee terms are those it was computed for (docs/design.md#quote-memo). The engine keeps one memo
    /// per market.
    /// </summary>
    public static QuoteDecision Quote(in Snapshot s, in QuoteContext ctx, QuoteParams p, decimal tick, ref QuoteMemo memo)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!memo.Matches(s, ctx, p, tick))
        {
            memo = Plan(s, ctx, p, tick);
        }

        if (memo.PauseReason is { } pause)
        {
            return QuoteDecision.Pause(pause);
        }

        string? bidReason = memo.BidOk ? null : QuoteReasons.BidCrossesAsk;
        string? askReason = memo.AskOk ? null : QuoteReasons.AskCrossesBid;
        var bidIntent = memo.BidOk ? DecideBid(memo, ctx, p, out bidReason) : null;
        var askIntent = memo.AskOk ? DecideAsk(memo, ctx, out askReason) : null;
        var clamped = (memo.BidMoved && bidIntent is not null ? 1 : 0) + (memo.AskMoved && askIntent is not null ? 1 : 0);
        return new QuoteDecision(bidIntent, askIntent, null, bidReason, askReason, clamped);
    }

    // Rules 1-6 and the sizes of rules 8 and 12: everything that depends on the touch, the tick, whether we hold shares and
    // the fee terms, not on the amounts of our position (docs/design.md#quoting).
    private static QuoteMemo Plan(in Snapshot s, in QuoteContext ctx, QuoteParams p, decimal tick)
    {
        var bestBid = s.BestBid!.Value;
        var bestAsk = s.BestAsk!.Value;
        var memo = new QuoteMemo(bestBid, bestAsk, s.BookSource, tick, ctx.SharesHeld > 0m, ctx.FeeBps, ctx.FeeSchedule, p);
        var mid = DecimalMath.Half(bestBid + bestAsk);

        // 1. Too wide a market is not one we make.
        if (DecimalMath.RatioExceeds(bestAsk - bestBid, mid, p.MaxSpreadPct))
        {
            return memo.Paused(QuoteReasons.SpreadTooWide);
        }

        // 2. A synthesised book (bid = ask = a reference price) is no market to fill against.
        if (s.BookSource != BookSource.Clob && !p.AllowSyntheticBooks)
        {
            return memo.Paused(QuoteReasons.SyntheticBook);
        }

        // 3. Caps that allow nothing are a configuration error, not a reason to quote unbounded.
        if (p.MaxExposureUsd <= 0m || p.MaxPerMarketExposureUsd <= 0m)
        {
            return memo.Paused(QuoteReasons.InvalidExposureCaps);
        }

        // 4. Offsets. Inventory is long-only, so the skew's sign is + when we hold shares, else 0:
        // holding shares shifts both quotes down, making the ask likelier to fill and the bid less.
        var baseOffset = p.KTicks == 0 ? tick / 2m : p.KTicks * tick;
        var skew = ctx.SharesHeld > 0m ? p.SkewTicks * tick : 0m;
        var bid = OnGridBid(mid - baseOffset - skew, p, tick);
        var ask = OnGridAsk(mid + baseOffset - skew, p, tick);

        // 5. Prices must be inside (0, 1) and not inverted.
        if (bid <= 0m || ask >= 1m || bid >= ask)
        {
            return memo.Paused(QuoteReasons.InvalidQuoteBounds);
        }

        // 6. Passive by construction: a quote at or through the other side moves to the best passive price
        // on its own side (kept on the grid). If that inverts the pair, or leaves (0, 1), the moved side is dropped.
        memo.BidMoved = bid >= bestAsk;
        memo.AskMoved = ask <= bestBid;
        if (memo.BidMoved)
        {
            bid = OnGridBid(bestAsk - tick, p, tick);
        }

        if (memo.AskMoved)
        {
            ask = OnGridAsk(bestBid + tick, p, tick);
        }

        memo.BidOk = !memo.BidMoved || (bid > 0m && bid < ask);
        memo.AskOk = !memo.AskMoved || (ask < 1m && ask > bid);
        memo.Bid = bid;
        memo.Ask = ask;

        // 8 and 12: the sizes; the bid's notional and the most its fill can pay (the cash rule 10 sets aside).
        if (memo.BidOk)
        {
            memo.BidShares = SharesFor(p.QuoteSizeUsd, bid);
            memo.BidNotional = bid * memo.BidShares;
            memo.BidCost = memo.BidNotional + FillFees.Reserve(ctx.FeeSchedule, ctx.FeeBps, memo.BidShares, bid);
        }

        if (memo.AskOk && memo.Holding)
        {
            memo.AskShares = SharesFor(p.QuoteSizeUsd, ask);
        }

        return memo;
    }

    /// <summary>Shares bought for <paramref name="usd"/> at <paramref name="price"/>, floored to 0.01 share.</summary>
    /// <remarks>The whole number of steps is found exactly when the operands are small (DecimalMath.TryWholeQuotient), the
    /// same number the decimal divisions give; the product is then the same decimal, scale included.</remarks>
    public static decimal SharesFor(decimal usd, decimal price) =>
        DecimalMath.TryWholeQuotient(usd, price, 2, ceiling: false, out var steps)
            ? steps * ShareStep
            : Math.Floor(usd / price / ShareStep) * ShareStep;

    private static decimal OnGridBid(decimal bid, QuoteParams p, decimal tick)
    {
        if (!p.RoundToTick || tick <= 0m)
        {
            return bid;
        }

        return DecimalMath.TryWholeQuotient(bid, tick, 0, ceiling: false, out var k) ? k * tick : Math.Floor(bid / tick) * tick;
    }

    private static decimal OnGridAsk(decimal ask, QuoteParams p, decimal tick)
    {
        if (!p.RoundToTick || tick <= 0m)
        {
            return ask;
        }

        return DecimalMath.TryWholeQuotient(ask, tick, 0, ceiling: true, out var k) ? k * tick : Math.Ceiling(ask / tick) * tick;
    }

    private static QuoteIntent? DecideBid(in QuoteMemo plan, in QuoteContext ctx, QuoteParams p, out string? reason)
    {
        // 7. Inventory held too long: reduce only.
        if (ctx.OldestLotOpenedAt is { } opened && HeldSeconds(opened, ctx.Now) > p.MaxHoldTimeSec)
        {
            reason = QuoteReasons.StaleInventory;
            return null;
        }

        // 8. Size, floored to the share step, and at least the venue's minimum order size (0: none known).
        if (plan.BidShares <= 0m)
        {
            reason = QuoteReasons.ZeroSize;
            return null;
        }

        if (plan.BidShares < ctx.MinOrderSize)
        {
            reason = QuoteReasons.BelowMinSize;
            return null;
        }

        // 9. Pre-trade caps, counting this bid's notional as if it filled this instant: the caps then
        // hold even if every resting bid fills at once.
        var notional = plan.BidNotional;
        if (ctx.MarketOpenCost + notional > p.MaxPerMarketExposureUsd
            || ctx.TotalCommittedExcludingOwnBid + notional > p.MaxExposureUsd)
        {
            reason = QuoteReasons.ExposureCap;
            return null;
        }

        // 10. Cash: the bid and its fee must be payable even if every other resting bid fills first; under a fee schedule
        // the fee set aside is the taker fee, the most a fill of this bid can pay (docs/design.md#fees).
        if (plan.BidCost > ctx.AvailableCash)
        {
            reason = QuoteReasons.InsufficientCash;
            return null;
        }

        reason = null;
        return new QuoteIntent(plan.Bid, plan.BidShares);
    }

    private static QuoteIntent? DecideAsk(in QuoteMemo plan, in QuoteContext ctx, out string? reason)
    {
        // 11. Long-only: nothing held, nothing to offer.
        if (ctx.SharesHeld <= 0m)
        {
            reason = null;
            return null;
        }

        // 12. Size: at most what we hold, and at least the venue's minimum order size (0: none known).
        var shares = Math.Min(plan.AskShares, ctx.SharesHeld);
        if (shares <= 0m)
        {
            reason = QuoteReasons.ZeroSize;
            return null;
        }

        if (shares < ctx.MinOrderSize)
        {
            reason = QuoteReasons.BelowMinSize;
            return null;
        }

        reason = null;
        return new QuoteIntent(plan.Ask, shares);
    }

    private static decimal HeldSeconds(DateTimeOffset opened, DateTimeOffset now) =>
        (decimal)(now - opened).Ticks / TimeSpan.TicksPerSecond;
}
