namespace PolyMM.Core.Economics;

/// <summary>
/// Where a P&amp;L came from (docs/design.md#pnl-attribution), in USD. <see cref="InventoryPnlUsd"/> is the residual
/// gross − spread capture − adverse selection, so the parts add up to <see cref="NetPnlUsd"/> exactly:
/// net = spread + adverse + inventory + rewards + rebates − fees. Rewards or rebates that are not known for this scope
/// (a market, when the ledger does not split them by market) are null and add nothing.
/// </summary>
public sealed record PnlAttributionParts(
    decimal SpreadCaptureUsd,
    decimal AdverseSelectionUsd,
    decimal InventoryPnlUsd,
    decimal? RewardsUsd,
    decimal? RebatesUsd,
    decimal FeesUsd,
    long SpreadUnknownFills,
    long AdverseUnknownFills)
{
    public decimal GrossPnlUsd => SpreadCaptureUsd + AdverseSelectionUsd + InventoryPnlUsd;

    public decimal NetPnlUsd => GrossPnlUsd + (RewardsUsd ?? 0m) + (RebatesUsd ?? 0m) - FeesUsd;
}

/// <summary>
/// Splits a gross P&amp;L by its fills' markouts (docs/design.md#pnl-attribution). Per fill, with side +1 for a buy and −1
/// for a sell: spread capture = side × (mark at fill − price) × shares; adverse selection = side × (mark at fill + h −
/// mark at fill) × shares, h the adverse horizon. A fill whose mark at fill is unknown adds 0 to both; one whose horizon
/// is unknown adds 0 to adverse selection; both are counted. What is left of gross is inventory P&amp;L: the marks'
/// moves on what was held beyond h, plus whatever the unknown fills made.
/// </summary>
public static class PnlAttribution
{
    /// <summary>Index of +60 s in <see cref="Markouts.DefaultHorizons"/>: the horizon adverse selection is measured at.</summary>
    public const int DefaultAdverseHorizon = 2;

    public static PnlAttributionParts Attribute(
        decimal grossPnlUsd, IEnumerable<FillMarkouts> markouts, int adverseHorizon, decimal? rewardsUsd, decimal? rebatesUsd, decimal feesUsd)
    {
        ArgumentNullException.ThrowIfNull(markouts);
        decimal spread = 0m, adverse = 0m;
        long spreadUnknown = 0, adverseUnknown = 0;
        foreach (var m in markouts)
        {
            if (m.SpreadCapture is not { } capture)
            {
                spreadUnknown++;
                adverseUnknown++;
                continue;
            }

            spread += capture * m.Fill.Shares;
            // side × (mark(t + h) − price) − side × (mark(t) − price) = side × (mark(t + h) − mark(t)).
            if (m.PerShare[adverseHorizon] is { } atHorizon)
            {
                adverse += (atHorizon - capture) * m.Fill.Shares;
            }
            else
            {
                adverseUnknown++;
            }
        }

        return new PnlAttributionParts(spread, adverse, grossPnlUsd - spread - adverse, rewardsUsd, rebatesUsd, feesUsd, spreadUnknown, adverseUnknown);
    }
}
