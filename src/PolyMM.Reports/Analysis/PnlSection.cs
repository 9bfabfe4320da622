namespace PolyMM.Reports.Analysis;

/// <summary>P&amp;L of one run in USD. gross = realized + unrealized; net = gross − fees + rewards.</summary>
public sealed record PnlSection(
    decimal RealizedPnlUsd,
    decimal UnrealizedPnlUsd,
    decimal FeesUsd,
    decimal RewardsUsd,
    IReadOnlyList<string> RewardSources)
{
    public decimal GrossPnlUsd => RealizedPnlUsd + UnrealizedPnlUsd;

    public decimal NetPnlUsd => GrossPnlUsd - FeesUsd + RewardsUsd;

    public decimal NetWithoutRewardsUsd => GrossPnlUsd - FeesUsd;
}
