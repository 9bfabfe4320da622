namespace PolyMM.Reports.Dashboard;

/// <summary>
/// A report's <c>attribution</c> object (docs/analysis.md#mm-dashboard): where the run's P&amp;L came from, in USD.
/// Components are in <see cref="Keys"/> order; a component the report lacks is null.
/// </summary>
public sealed record RunAttribution(IReadOnlyList<decimal?> Values)
{
    /// <summary>The report keys, in bar order, with their labels.</summary>
    public static IReadOnlyList<(string Key, string Label)> Keys { get; } =
    [
        ("spread_capture_usd", "Spread capture"),
        ("adverse_selection_usd", "Adverse selection"),
        ("inventory_pnl_usd", "Inventory P&L"),
        ("rewards_usd", "Rewards"),
        ("rebates_usd", "Rebates"),
        ("fees_usd", "Fees"),
        ("net_pnl_usd", "Net P&L"),
    ];
}
