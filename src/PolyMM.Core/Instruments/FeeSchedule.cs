namespace PolyMM.Core.Instruments;

/// <summary>
/// A market's fee schedule as the venue states it (<c>feeSchedule{rate, exponent, rebateRate}</c>): a taker fill of
/// <c>shares</c> at price p pays shares × rate × (p(1−p))^exponent; makers pay nothing and accrue
/// <see cref="RebateRate"/> of that amount as a rebate. The arithmetic lives with the fee rules.
/// </summary>
public sealed record FeeSchedule(decimal Rate, decimal Exponent, decimal RebateRate);
