namespace PolyMM.Core.Economics;

/// <summary>
/// One sample's liquidity-reward estimate for our quotes in one market (docs/design.md#rewards). When
/// <see cref="NoEstimateReason"/> is set (terms missing or invalid, no midpoint) nothing else is known and every value
/// is null: an unknown reward is never a zero. Otherwise <see cref="Ours"/> and <see cref="Others"/> are the scores of
/// our quotes and of the rest of the displayed book (scored as one maker, since levels do not say who rests there),
/// <see cref="Share"/> our Q_min over the sum (null when nobody scores), <see cref="DailyUsd"/> what that share earns
/// if the book stayed as it is for the whole day and <see cref="SampleUsd"/> this sample's accrual (a day holds
/// <see cref="RewardScoring.SamplesPerDay"/> samples).
/// </summary>
public sealed record RewardEstimate(
    string? NoEstimateReason,
    decimal? Midpoint,
    QScores Ours,
    QScores Others,
    decimal? Share,
    decimal? DailyUsd,
    decimal? SampleUsd)
{
    public static RewardEstimate None(string reason) => new(reason, null, default, default, null, null, null);
}
