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
        ArgumentNullException.ThrowIfNull(p);
        var bestBid = s.BestBid!.Value;
        var bestAsk = s.BestAsk!.Value;
        var mid = DecimalMath.Half(bestBid + bestAsk);

        // 1. Too wide a market is not one we make.
        if ((bestAsk - bestBid) / mid > p.MaxSpreadPct)
        {
            return QuoteDecision.Pause(QuoteReasons.SpreadTooWide);
        }

        // 1b. A synthesised book (bid = ask = a reference price) is no market to fill against.
        if (s.BookSource != BookSource.Clob && !p.AllowSyntheticBooks)
        {
            return QuoteDecision.Pause(QuoteReasons.SyntheticBook);
        }

        // 2. Caps that allow nothing are a configuration error, not a reason to quote unbounded.
        if (p.MaxExposureUsd <= 0m || p.MaxPerMarketExposureUsd <= 0m)
        {
            return QuoteDecision.Pause(QuoteReasons.InvalidExposureCaps);
        }

        // 3. Offsets. Inventory is long-only, so the skew's sign is + when we hold shares, else 0:
        // holding shares shifts both quotes down, making the ask likelier to fill and the bid less.
        var baseOffset = p.KTicks == 0 ? tick / 2m : p.KTicks * tick;
        var skew = ctx.SharesHeld > 0m ? p.SkewTicks * tick : 0m;
        var bid = OnGridBid(mid - baseOffset - skew, p, tick);
        var ask = OnGridAsk(mid + baseOffset - skew, p, tick);

        // 4. Prices must be inside (0, 1) and not inverted.
        if (bid <= 0m || ask >= 1m || bid >= ask)
        {
            return QuoteDecision.Pause(QuoteReasons.InvalidQuoteBounds);
        }

        // 5. Passive by construction: a quote at or through the other side moves to the best passive price
        // on its own side (kept on the grid). If that inverts the pair, or leaves (0, 1), the moved side is dropped.
        var bidMoved = bid >= bestAsk;
        var askMoved = ask <= bestBid;
        if (bidMoved)
        {
            bid = OnGridBid(bestAsk - tick, p, tick);
        }

        if (askMoved)
        {
            ask = OnGridAsk(bestBid + tick, p, tick);
        }

        var bidOk = !bidMoved || (bid > 0m && bid < ask);
        var askOk = !askMoved || (ask < 1m && ask > bid);
        string? bidReason = bidOk ? null : QuoteReasons.BidCrossesAsk;
        string? askReason = askOk ? null : QuoteReasons.AskCrossesBid;

        var bidIntent = bidOk ? DecideBid(bid, ctx, p, out bidReason) : null;
        var askIntent = askOk ? DecideAsk(ask, ctx, p, out askReason) : null;
        var clamped = (bidMoved && bidIntent is not null ? 1 : 0) + (askMoved && askIntent is not null ? 1 : 0);
        return new QuoteDecision(bidIntent, askIntent, null, bidReason, askReason, clamped);
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

    private static QuoteIntent? DecideBid(decimal bid, in QuoteContext ctx, QuoteParams p, out string? reason)
    {
        // 8. Inventory held too long: reduce only.
        if (ctx.OldestLotOpenedAt is { } opened && HeldSeconds(opened, ctx.Now) > p.MaxHoldTimeSec)
        {
            reason = QuoteReasons.StaleInventory;
            return null;
        }

        var shares = SharesFor(p.QuoteSizeUsd, bid);
        if (shares <= 0m)
        {
            reason = QuoteReasons.ZeroSize;
            return null;
        }

        // 7. Pre-trade caps, counting this bid's notional as if it filled this instant: the caps then
        // hold even if every resting bid fills at once.
        var notional = bid * shares;
        if (ctx.MarketOpenCost + notional > p.MaxPerMarketExposureUsd
            || ctx.TotalCommittedExcludingOwnBid + notional > p.MaxExposureUsd)
        {
            reason = QuoteReasons.ExposureCap;
            return null;
        }

        // 7b. Cash: the bid and its fee must be payable even if every other resting bid fills first; under a fee schedule
        // the fee set aside is the taker fee, the most a fill of this bid can pay (docs/design.md#fees).
        if (notional + FillFees.Reserve(ctx.FeeSchedule, ctx.FeeBps, shares, bid) > ctx.AvailableCash)
        {
            reason = QuoteReasons.InsufficientCash;
            return null;
        }

        reason = null;
        return new QuoteIntent(bid, shares);
    }

    private static QuoteIntent? DecideAsk(decimal ask, in QuoteContext ctx, QuoteParams p, out string? reason)
    {
        // 6. Long-only: nothing held, nothing to offer.
        if (ctx.SharesHeld <= 0m)
        {
            reason = null;
            return null;
        }

        var shares = Math.Min(SharesFor(p.QuoteSizeUsd, ask), ctx.SharesHeld);
        if (shares <= 0m)
        {
            reason = QuoteReasons.ZeroSize;
            return null;
        }

        reason = null;
        return new QuoteIntent(ask, shares);
    }

    private static decimal HeldSeconds(DateTimeOffset opened, DateTimeOffset now) =>
        (decimal)(now - opened).Ticks / TimeSpan.TicksPerSecond;
}
