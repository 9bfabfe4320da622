using PolyMM.Core.Market;

namespace PolyMM.Core.Quoting;

/// <summary>
/// The k-tick quoting rules (docs/design.md#quoting), as one pure function: snapshot + our position in, quotes out.
/// Every rule that can stop a quote lives here, in the order docs/design.md#quoting lists them.
/// </summary>
public static class Quoter
{
    /// <summary>The venue's size granularity: shares are floored to 0.01 (docs/design.md#polymarket-wire-facts).</summary>
    public const decimal ShareStep = 0.01m;

    /// <summary>Quotes one valid snapshot (the caller has run <see cref="SnapshotValidator"/>).</summary>
    public static QuoteDecision Quote(in Snapshot s, in QuoteContext ctx, QuoteParams p)
    {
        var bestBid = s.BestBid!.Value;
        var bestAsk = s.BestAsk!.Value;
        var mid = (bestBid + bestAsk) / 2m;

        // 1. Too wide a market is not one we make.
        if ((bestAsk - bestBid) / mid > p.MaxSpreadPct)
        {
            return QuoteDecision.Pause(QuoteReasons.SpreadTooWide);
        }

        // 2. Caps that allow nothing are a configuration error, not a reason to quote unbounded.
        if (p.MaxExposureUsd <= 0m || p.MaxPerMarketExposureUsd <= 0m)
        {
            return QuoteDecision.Pause(QuoteReasons.InvalidExposureCaps);
        }

        // 3. Offsets. Inventory is long-only, so the skew's sign is + when we hold shares, else 0:
        // holding shares shifts both quotes down, making the ask likelier to fill and the bid less.
        var baseOffset = p.KTicks == 0 ? p.TickSize / 2m : p.KTicks * p.TickSize;
        var skew = ctx.SharesHeld > 0m ? p.SkewTicks * p.TickSize : 0m;
        var bid = mid - baseOffset - skew;
        var ask = mid + baseOffset - skew;
        if (p.RoundToTick)
        {
            bid = Math.Floor(bid / p.TickSize) * p.TickSize;
            ask = Math.Ceiling(ask / p.TickSize) * p.TickSize;
        }

        // 4. Prices must be inside (0, 1) and not inverted.
        if (bid <= 0m || ask >= 1m || bid >= ask)
        {
            return QuoteDecision.Pause(QuoteReasons.InvalidQuoteBounds);
        }

        var bidIntent = DecideBid(bid, bestAsk, ctx, p, out var bidReason);
        var askIntent = DecideAsk(ask, bestBid, ctx, p, out var askReason);
        return new QuoteDecision(bidIntent, askIntent, null, bidReason, askReason);
    }

    /// <summary>Shares bought for <paramref name="usd"/> at <paramref name="price"/>, floored to 0.01 share.</summary>
    public static decimal SharesFor(decimal usd, decimal price) => Math.Floor(usd / price / ShareStep) * ShareStep;

    private static QuoteIntent? DecideBid(decimal bid, decimal bestAsk, in QuoteContext ctx, QuoteParams p, out string? reason)
    {
        // 5. Passive only: a bid at or through the best ask would take liquidity.
        if (bid >= bestAsk)
        {
            reason = QuoteReasons.BidCrossesAsk;
            return null;
        }

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

        reason = null;
        return new QuoteIntent(bid, shares);
    }

    private static QuoteIntent? DecideAsk(decimal ask, decimal bestBid, in QuoteContext ctx, QuoteParams p, out string? reason)
    {
        // 6. Long-only: nothing held, nothing to offer.
        if (ctx.SharesHeld <= 0m)
        {
            reason = null;
            return null;
        }

        // 5. Passive only: an ask at or through the best bid would take liquidity.
        if (ask <= bestBid)
        {
            reason = QuoteReasons.AskCrossesBid;
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
