using PolyMM.Core.Quoting;

namespace PolyMM.Core.Trust;

/// <summary>
/// The trust gates (docs/design.md#trust-gates), over what one run stored. Pure: the ledger adapter loads the facts.
/// Every issue is collected (the bundle shows the first 20); an empty list means the gate passed.
/// Fills and lots are read once, as streams, so checking a run of any length takes bounded memory.
/// </summary>
public static class TrustGates
{
    private const decimal Eps = 0.000000001m;

    /// <param name="portfolio">The run's portfolio row.</param>
    /// <param name="fillsInEngineOrder">
    /// Every fill, in the order the engine applied them: fill time, buys before sells at one instant, then order
    /// (<see cref="InventoryReplay.InEngineOrder{T}"/>; the ledger reader returns them so).
    /// </param>
    /// <param name="lots">Every lot row of the run.</param>
    /// <param name="maxExposureUsd">The run's total cap.</param>
    /// <param name="maxPerMarketExposureUsd">The run's per-market cap.</param>
    /// <param name="checkMarks">Also check total value against the open lots' stored marks (after a run ends).</param>
    public static List<GateIssue> Check(
        PortfolioFact portfolio,
        IEnumerable<FillFact> fillsInEngineOrder,
        IEnumerable<LotFact> lots,
        decimal maxExposureUsd,
        decimal maxPerMarketExposureUsd,
        bool checkMarks)
    {
        var issues = new List<GateIssue>();
        var replay = new InventoryReplay(maxExposureUsd, maxPerMarketExposureUsd);
        var cash = portfolio.Bankroll;
        var fees = 0m;
        var filledByOrder = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var f in fillsInEngineOrder)
        {
            CheckFill(f, issues);
            if (replay.Apply(f.OrderId, f.MarketId, f.Side, f.Shares, f.Price, f.FillId) is { } issue)
            {
                issues.Add(issue);
                if (issue.Code == Orders.OrderReasons.DuplicateFillId)
                {
                    continue;
                }
            }

            if (f.OrderShares is { } size)
            {
                var filled = filledByOrder.GetValueOrDefault(f.OrderId) + f.Shares;
                filledByOrder[f.OrderId] = filled;
                if (filled > size)
                {
                    issues.Add(new GateIssue(Orders.OrderReasons.FillExceedsRemaining, $"fills of {f.OrderId} reach {filled} shares, more than its {size}", f.OrderId));
                }
            }

            cash += (f.Side == Side.Buy ? -f.Notional : f.Notional) - f.Fee;
            fees += f.Fee;
        }

        var realized = 0m;
        var openValue = 0m;
        foreach (var lot in lots)
        {
            CheckLot(lot, issues);
            if (lot.Closed)
            {
                realized += lot.RealizedPnl ?? 0m;
            }
            else
            {
                openValue += lot.Shares * (lot.CurrentPrice ?? lot.EntryPrice);
            }
        }

        CheckIdentity(portfolio, cash, fees, realized, checkMarks ? openValue : null, issues);
        return issues;
    }

    private static void CheckFill(in FillFact f, List<GateIssue> issues)
    {
        if (string.IsNullOrEmpty(f.OrderId))
        {
            issues.Add(new GateIssue("fill_without_order_id", $"a fill in {f.MarketId} at {f.FillAt:O} has no order id"));
        }

        if (f.Price < 0m || f.Price > 1m)
        {
            issues.Add(new GateIssue("fill_price_out_of_range", $"fill price {f.Price} of {f.OrderId} is outside [0,1]", f.OrderId));
        }

        if (f.FillAt <= f.LiveAt)
        {
            issues.Add(new GateIssue("look_ahead", $"{f.OrderId} filled at {f.FillAt:O}, not after it became live at {f.LiveAt:O}", f.OrderId));
        }

        if (f.BestBid is not { } bid || f.BestAsk is not { } ask || f.Mid is not { } mid)
        {
            issues.Add(new GateIssue("fill_without_snapshot", $"{f.OrderId} has no snapshot (bid/ask/mid) at its fill", f.OrderId));
            return;
        }

        if (bid > ask + Eps)
        {
            issues.Add(new GateIssue("snapshot_bid_gt_ask", $"{f.OrderId}: snapshot bid {bid} > ask {ask}", f.OrderId));
        }

        if (Math.Abs(mid - ((bid + ask) / 2m)) > Eps)
        {
            issues.Add(new GateIssue("snapshot_mid_mismatch", $"{f.OrderId}: snapshot mid {mid} != (bid+ask)/2 = {(bid + ask) / 2m}", f.OrderId));
        }
    }

    private static void CheckLot(in LotFact lot, List<GateIssue> issues)
    {
        if (lot.Shares < 0m)
        {
            issues.Add(new GateIssue("negative_lot", $"lot {lot.Id} has {lot.Shares} shares", LotId: lot.Id));
        }

        if (!lot.Closed)
        {
            return;
        }

        if (lot.ExitPrice is not { } exit || lot.Proceeds is not { } proceeds || lot.RealizedPnl is not { } realized)
        {
            issues.Add(new GateIssue("closed_lot_incomplete", $"closed lot {lot.Id} lacks exit price, proceeds or realized P&L", LotId: lot.Id));
            return;
        }

        // Exact: every amount has at most 6 decimals and reads back into decimal exactly.
        if (proceeds != lot.Shares * exit)
        {
            issues.Add(new GateIssue("proceeds_mismatch", $"lot {lot.Id}: proceeds {proceeds} != shares {lot.Shares} × exit {exit}", LotId: lot.Id));
        }

        if (realized != proceeds - (lot.Shares * lot.EntryPrice))
        {
            issues.Add(new GateIssue("realized_mismatch", $"lot {lot.Id}: realized {realized} != proceeds {proceeds} − cost {lot.Shares * lot.EntryPrice}", LotId: lot.Id));
        }
    }

    private static void CheckIdentity(PortfolioFact p, decimal cash, decimal fees, decimal realized, decimal? openValue, List<GateIssue> issues)
    {
        if (cash != p.Cash)
        {
            issues.Add(new GateIssue("cash_mismatch", $"cash {p.Cash} != bankroll − buys + sells − fees = {cash}"));
        }

        if (fees != p.Fees)
        {
            issues.Add(new GateIssue("fees_mismatch", $"fees {p.Fees} != Σ fill fees {fees}"));
        }

        if (realized != p.Realized)
        {
            issues.Add(new GateIssue("realized_total_mismatch", $"realized {p.Realized} != Σ closed lots {realized}"));
        }

        if (p.TotalValue - p.Bankroll != p.Realized + p.Unrealized - p.Fees)
        {
            issues.Add(new GateIssue("equity_identity", $"total_value − bankroll = {p.TotalValue - p.Bankroll} != realized + unrealized − fees = {p.Realized + p.Unrealized - p.Fees}"));
        }

        if (openValue is { } open && p.Cash + open != p.TotalValue)
        {
            issues.Add(new GateIssue("total_value_mismatch", $"total_value {p.TotalValue} != cash {p.Cash} + open value {open}"));
        }
    }
}
