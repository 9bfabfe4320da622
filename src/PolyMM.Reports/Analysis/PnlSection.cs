namespace PolyMM.Reports.Analysis;

/// <summary>
/// P&amp;L of one run in USD. gross = realized + unrealized; net = gross − fees + rebates + rewards. Rebates and rewards
/// are paid by the venue outside the run's cash (docs/design.md#fees, #rewards), so the ledger identity does not see them.
/// </summary>
public sealed record PnlSection(
    decimal RealizedPnlUsd,
    decimal UnrealizedPnlUsd,
    decimal FeesUsd,
    decimal RewardsUsd,
    IReadOnlyList<string> RewardSources)
{
    /// <summary>Maker rebates accrued by the run's fills (0 when the fee schedule is unknown or flat).</summary>
    public decimal RebatesUsd { get; init; }

    /// <summary>
    /// The one source of <see cref="RewardsUsd"/>: <c>unknown</c>, <c>estimated_q_score</c>, or <c>estimated_q_score_l1</c>
    /// when any market's estimate saw only the top of its book (docs/design.md#rewards).
    /// </summary>
    public string RewardSource { get; init; } = "unknown";

    public decimal GrossPnlUsd => RealizedPnlUsd + UnrealizedPnlUsd;

    public decimal NetPnlUsd => GrossPnlUsd - FeesUsd + RebatesUsd + RewardsUsd;

    /// <summary>Net without the (estimated) liquidity rewards; rebates are kept, they follow exactly from the schedule.</summary>
    public decimal NetWithoutRewardsUsd => GrossPnlUsd - FeesUsd + RebatesUsd;
}
