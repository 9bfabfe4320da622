using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Economics;

/// <summary>
/// Liquidity-reward accrual of one run (docs/design.md#rewards): at the first event of every new minute of event time,
/// each market with usable <see cref="RewardTerms"/> is scored once — our resting orders against the visible book of
/// the other makers — and the sample goes to the sink. Between minutes the engine's only cost is one comparison per
/// event (<see cref="Due"/>). The numbers are an estimate: the venue samples at random instants, sees every maker's
/// orders and publishes neither its midpoint rule nor its epoch.
/// </summary>
public sealed class RewardAccrual
{
    private readonly RewardTerms?[] _terms;
    private readonly ILedgerSink _sink;
    private long _minute = long.MinValue;

    /// <summary>The accrual over <paramref name="instruments"/>; a market whose terms have a <see cref="RewardScoring.Problem"/> is not sampled.</summary>
    public RewardAccrual(IReadOnlyList<InstrumentSpec> instruments, ILedgerSink sink)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _sink = sink;
        _terms = new RewardTerms?[instruments.Count];
        for (var i = 0; i < _terms.Length; i++)
        {
            _terms[i] = RewardScoring.Problem(instruments[i].Rewards) is null ? instruments[i].Rewards : null;
            Any |= _terms[i] is not null;
        }
    }

    /// <summary>Whether any market has usable terms (else the engine never asks).</summary>
    public bool Any { get; }

    /// <summary>Whether market <paramref name="market"/> is sampled.</summary>
    public bool Scores(int market) => _terms[market] is not null;

    /// <summary>
    /// Whether <paramref name="ts"/> starts a new minute of event time (the first call only starts the clock: the run's
    /// first minute is sampled at its end). A minute in which no event arrives is not sampled.
    /// </summary>
    public bool Due(DateTimeOffset ts, out DateTimeOffset minuteStart)
    {
        var minute = ts.UtcTicks / TimeSpan.TicksPerMinute;
        minuteStart = new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        if (minute <= _minute)
        {
            return false;
        }

        var first = _minute == long.MinValue;
        _minute = minute;
        return !first;
    }

    /// <summary>
    /// Scores market <paramref name="market"/> at <paramref name="ts"/>: <paramref name="bids"/> and
    /// <paramref name="asks"/> are the YES book as the data show it (without our orders), <paramref name="ours"/> our
    /// orders resting on the venue, <paramref name="fullyVisible"/> false when the data show only the touch (then a
    /// side without a displayed size falls back to <paramref name="touchMid"/> for the midpoint). Returns the sample
    /// sent to the sink, or null when there is no midpoint (nothing to score against).
    /// </summary>
    public RewardSample? Sample(int market, DateTimeOffset ts, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks,
        ReadOnlySpan<RewardOrder> ours, bool fullyVisible, decimal? touchMid)
    {
        if (_terms[market] is not { } terms)
        {
            return null;
        }

        if ((Midpoint(bids, asks, ours, terms.MinSize) ?? (fullyVisible ? null : touchMid)) is not { } mid)
        {
            return null;
        }

        var mine = RewardScoring.Score(ours, mid, terms);
        var others = RewardScoring.ScoreLevels(bids, asks, mid, terms);
        var share = RewardScoring.Share(mine, others) ?? 0m;
        var usd = Math.Round(RewardScoring.SampleAccrual(share, terms.DailyRate), Money.Decimals, MidpointRounding.ToEven);
        var sample = new RewardSample(market, ts, mine.QMin, mine.QMin + others.QMin, share, usd, fullyVisible);
        _sink.OnReward(sample);
        return sample;
    }

    // The size-cutoff-adjusted midpoint of the book with our orders added (the venue sees both): the best bid and ask of
    // at least the minimum size across the displayed levels and our orders as the YES book shows them.
    private static decimal? Midpoint(ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks, ReadOnlySpan<RewardOrder> ours, decimal minSize)
    {
        decimal? bestBid = null, bestAsk = null;
        foreach (var l in bids)
        {
            if (l.Size > 0m && l.Size >= minSize && (bestBid is null || l.Price > bestBid))
            {
                bestBid = l.Price;
            }
        }

        foreach (var l in asks)
        {
            if (l.Size > 0m && l.Size >= minSize && (bestAsk is null || l.Price < bestAsk))
            {
                bestAsk = l.Price;
            }
        }

        foreach (var o in ours)
        {
            if (o.Size <= 0m || o.Size < minSize || o.Price is <= 0m or >= 1m)
            {
                continue;
            }

            var (side, price) = o.OnYesBook;
            if (side == Side.Buy && (bestBid is null || price > bestBid))
            {
                bestBid = price;
            }
            else if (side == Side.Sell && (bestAsk is null || price < bestAsk))
            {
                bestAsk = price;
            }
        }

        return bestBid is { } b && bestAsk is { } a ? (b + a) / 2m : null;
    }
}
