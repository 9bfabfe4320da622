namespace PolyMM.Reports.Dashboard;

/// <summary>
/// One KPI card: its stable key (the page's <c>data-kpi</c> attribute), label, unit and which direction
/// is an improvement (null when neither is, e.g. signed slippage), plus how to read it from a run.
/// </summary>
public sealed record KpiDefinition(
    string Key,
    string Label,
    KpiKind Kind,
    bool? HigherIsBetter,
    Func<DashboardKpis, decimal?> Select)
{
    /// <summary>The KPIs in card order (docs/design.md#dashboard).</summary>
    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        new("net_pnl_usd", "Net P&L", KpiKind.Usd, true, k => k.NetPnlUsd),
        new("net_without_rewards_usd", "Net without rewards", KpiKind.Usd, true, k => k.NetWithoutRewardsUsd),
        new("fees_usd", "Fees", KpiKind.Usd, false, k => k.FeesUsd),
        new("rewards_usd", "Rewards", KpiKind.Usd, true, k => k.RewardsUsd),
        new("max_drawdown_pct", "Max drawdown", KpiKind.Percent, false, k => k.MaxDrawdownPct),
        new("stuck_inventory_count", "Stuck inventory", KpiKind.Count, false, k => k.StuckInventoryCount),
        new("passive_fill_rate", "Passive fill rate", KpiKind.Percent, true, k => k.PassiveFillRate),
        new("quote_slippage_p90", "Quote slippage p90", KpiKind.Percent, null, k => k.QuoteSlippageP90),
        new("fills", "Fills", KpiKind.Count, null, k => k.Fills),
        new("truthful_rate", "Truthful rate", KpiKind.Percent, true, k => k.TruthfulRate),
    ];

    public string Format(decimal? value) => Kind switch
    {
        KpiKind.Usd => DashboardFormat.Usd(value),
        KpiKind.Percent => DashboardFormat.Percent(value),
        _ => DashboardFormat.Count(value),
    };

    public string FormatDelta(decimal? delta) => Kind switch
    {
        KpiKind.Usd => DashboardFormat.UsdDelta(delta),
        KpiKind.Percent => DashboardFormat.PercentPointsDelta(delta),
        _ => DashboardFormat.CountDelta(delta),
    };

    /// <summary>later − baseline, exact in decimal; null when either run lacks the value.</summary>
    public decimal? Delta(DashboardKpis baseline, DashboardKpis later) =>
        Select(later) is { } b && Select(baseline) is { } a ? b - a : null;
}
