using PolyMM.Core.Instruments;

namespace PolyMM.Core.Economics;

/// <summary>
/// The venue's per-market fee schedule (docs/design.md#fees): a fill of <c>shares</c> at price p has the fee
/// equivalent shares × rate × (p(1 − p))^exponent. A taker pays it floored to 5 decimals; a maker pays nothing and
/// accrues rebateRate × the taker fee of the same fill, floored to the ledger's micro-USD. The flat <c>--fee-bps</c> rule
/// is <see cref="Ledger.Money.Fee"/>, not this.
/// </summary>
public static class VenueFees
{
    /// <summary>The venue quantises fees to 5 decimals, rounding down.</summary>
    public const int FeeDecimals = 5;

    /// <summary>Rebates are kept at the ledger's precision (micro-USD), rounded down.</summary>
    public const int RebateDecimals = Ledger.Money.Decimals;

    /// <summary>Makers pay no fee on a schedule market.</summary>
    public const decimal MakerFee = 0m;

    /// <summary>Why <paramref name="schedule"/> cannot price a fill, or null when it can.</summary>
    public static string? Problem(FeeSchedule? schedule) => schedule switch
    {
        null => "no fee schedule for this market",
        { Rate: < 0m } => $"fee rate must be >= 0 (got {schedule.Rate})",
        { Exponent: < 0m } => $"fee exponent must be >= 0 (got {schedule.Exponent})",
        { RebateRate: < 0m or > 1m } => $"rebate rate must be in [0, 1] (got {schedule.RebateRate})",
        _ => null,
    };

    /// <summary>Why a fill of <paramref name="shares"/> at <paramref name="price"/> cannot be priced, or null.</summary>
    public static string? FillProblem(decimal shares, decimal price) =>
        shares < 0m ? $"shares must be >= 0 (got {shares})"
        : price is <= 0m or >= 1m ? $"price must be in (0, 1) (got {price})"
        : null;

    /// <summary>
    /// shares × rate × (p(1 − p))^exponent, unrounded. An integer exponent is repeated multiplication, exact in
    /// decimal; any other exponent goes through double (<see cref="Math.Pow"/>), good to about 15 significant digits, so
    /// the 5-decimal floor can differ from the venue's by 0.00001 when the exact value sits within that of a boundary.
    /// </summary>
    public static decimal FeeEquivalent(FeeSchedule schedule, decimal shares, decimal price)
    {
        Check(schedule, shares, price);
        return shares * schedule.Rate * Power(price * (1m - price), schedule.Exponent);
    }

    /// <summary>The taker fee of one fill: the fee equivalent floored to 5 decimals.</summary>
    public static decimal TakerFee(FeeSchedule schedule, decimal shares, decimal price) =>
        Math.Round(FeeEquivalent(schedule, shares, price), FeeDecimals, MidpointRounding.ToZero);

    /// <summary>
    /// The maker's rebate of one fill: rebateRate × the taker fee the other side of the fill paid (the rebate pool is
    /// made of those fees, so a maker's pro-rata share of it is exactly this), floored to micro-USD.
    /// </summary>
    public static decimal MakerRebate(FeeSchedule schedule, decimal shares, decimal price) =>
        Math.Round(schedule.RebateRate * TakerFee(schedule, shares, price), RebateDecimals, MidpointRounding.ToZero);

    /// <summary>Every amount of one fill, or the reason there is none.</summary>
    public static FeeQuote Quote(FeeSchedule? schedule, decimal shares, decimal price)
    {
        if ((Problem(schedule) ?? FillProblem(shares, price)) is { } problem)
        {
            return FeeQuote.None(problem);
        }

        return new FeeQuote(null, FeeEquivalent(schedule!, shares, price), TakerFee(schedule!, shares, price), MakerFee, MakerRebate(schedule!, shares, price));
    }

    private static void Check(FeeSchedule schedule, decimal shares, decimal price)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if ((Problem(schedule) ?? FillProblem(shares, price)) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), problem);
        }
    }

    private static decimal Power(decimal x, decimal exponent)
    {
        if (exponent == decimal.Truncate(exponent) && exponent <= 64m)
        {
            var result = 1m;
            for (var i = 0; i < (int)exponent; i++)
            {
                result *= x;
            }

            return result;
        }

        // x is in (0, 0.25] and the exponent positive, so the double result is in (0, 1]: the cast cannot overflow.
        return (decimal)Math.Pow((double)x, (double)exponent);
    }
}
