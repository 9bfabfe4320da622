using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;

namespace PolyMM.Core.Economics;

/// <summary>
/// The fee rule of one run, per market (docs/design.md#fees). With schedules in force, a market with a usable
/// <see cref="FeeSchedule"/> charges a taker fill the venue's taker fee and a maker fill nothing, the maker accruing the
/// venue's rebate; every other market, and every market when the flat rule is forced (<c>--fee-bps</c> given), pays
/// the flat basis points on notional with no rebate. A bid reserves the most its fills can pay: the taker fee of its
/// whole size under a schedule (a fill at most that size at the same price pays at most that), the flat fee otherwise.
/// </summary>
public sealed class FillFees
{
    /// <summary>The value of <c>fee_mode</c> in a run's params when at least one market is priced by its schedule.</summary>
    public const string ScheduleMode = "schedule";

    /// <summary>The value of <c>fee_mode</c> when every market pays the flat basis points.</summary>
    public const string FlatMode = "flat_bps";

    private readonly FeeSchedule?[] _schedules;
    private readonly decimal _feeBps;

    /// <summary>
    /// The rule over <paramref name="instruments"/>: <paramref name="useSchedules"/> false forces the flat
    /// <paramref name="feeBps"/> everywhere; an unusable schedule (<see cref="VenueFees.Problem"/>) counts as none.
    /// </summary>
    public FillFees(IReadOnlyList<InstrumentSpec> instruments, decimal feeBps, bool useSchedules)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _feeBps = feeBps;
        _schedules = new FeeSchedule?[instruments.Count];
        for (var i = 0; i < _schedules.Length; i++)
        {
            var s = instruments[i].Fees;
            _schedules[i] = useSchedules && VenueFees.Problem(s) is null ? s : null;
        }

        Mode = Array.Exists(_schedules, s => s is not null) ? ScheduleMode : FlatMode;
    }

    /// <summary><see cref="ScheduleMode"/> or <see cref="FlatMode"/>.</summary>
    public string Mode { get; }

    /// <summary>The schedule that prices market <paramref name="market"/>'s fills, or null when the flat rule does.</summary>
    public FeeSchedule? Schedule(int market) => _schedules[market];

    /// <summary>What a fill pays in cash: the taker fee or 0 for a maker under a schedule, else the flat fee.</summary>
    public decimal Fee(int market, decimal shares, decimal price, bool isMaker) => _schedules[market] is { } s
        ? (isMaker ? VenueFees.MakerFee : VenueFees.TakerFee(s, shares, price))
        : Money.Fee(shares * price, _feeBps);

    /// <summary>The maker rebate a fill accrues outside cash: only a maker fill under a schedule has one.</summary>
    public decimal Rebate(int market, decimal shares, decimal price, bool isMaker) =>
        isMaker && _schedules[market] is { } s ? VenueFees.MakerRebate(s, shares, price) : 0m;

    /// <summary>The fee a bid of <paramref name="shares"/> at <paramref name="price"/> sets aside in the cash check.</summary>
    public decimal BidReserve(int market, decimal shares, decimal price) => Reserve(_schedules[market], _feeBps, shares, price);

    /// <summary>The same reserve for a quoter that knows only the schedule (null: flat) and the flat rate.</summary>
    public static decimal Reserve(FeeSchedule? schedule, decimal feeBps, decimal shares, decimal price) => schedule is { } s
        ? VenueFees.TakerFee(s, shares, price)
        : Money.Fee(shares * price, feeBps);
}
