using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;

namespace PolyMM.Core.Fills;

/// <summary>
/// docs/design.md#fill-models: an order the market traded through after it became live (a new print strictly
/// through its limit, as in <see cref="TradeThroughFillModel"/>) fills, without a draw. Otherwise
/// p = min(p_max, base_liquidity × exp(−alpha × dist_ticks)), where dist_ticks is how far the market still
/// has to move to reach the quote (buy: (ref − limit)/tick, sell: (limit − ref)/tick) and ref = LTP else
/// mid; one uniform draw from the injected seeded source, so the same seed and event order give the same
/// fills. (The prototype used |limit − ref|, so a bid the market crashed through almost never filled.)
/// A maker order fills at its limit: conservatism belongs in p, not in the price.
/// </summary>
public sealed class ProbabilisticFillModel : RowRuleMatchingModel
{
    private readonly ProbabilisticFillParams _params;
    private readonly IRandomSource _random;

    public ProbabilisticFillModel(ProbabilisticFillParams parameters, IRandomSource random)
    {
        var problem = parameters.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(parameters));
        }

        _params = parameters;
        _random = random;
    }

    public const string ModelName = "probabilistic";

    public override string Name => ModelName;

    public override FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice) =>
        Evaluate(order, snapshot, previousLastTradePrice, _params.TickSize);

    /// <summary>In the engine the distance is measured in the market's current tick (docs/design.md#instruments).</summary>
    protected override FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice, decimal tickSize)
    {
        var side = order.Side;
        var limitPrice = order.LimitPrice;
        var reference = snapshot.LastTradePrice ?? snapshot.MidPrice;
        if (reference is not { } r)
        {
            return FillEvaluation.None(FillReasons.NoReference, default);
        }

        var distTicks = DistanceTicks(side, limitPrice, r, tickSize > 0m ? tickSize : _params.TickSize);
        if (snapshot.LastTradePrice is { } ltp && TradePrints.TradesThrough(side, limitPrice, ltp)
            && TradePrints.IsNewSince(snapshot, order.LiveAt, previousLastTradePrice))
        {
            // Traded through: certain, no draw (p and roll recorded as 1 and 0).
            return new FillEvaluation(true, limitPrice, FillReasons.TradeThrough, "limit", new FillDiagnostics(r, distTicks, 1, 1, 0));
        }

        var p = Probability(_params, distTicks, out var pRaw);
        var roll = _random.NextDouble();
        var diagnostics = new FillDiagnostics(r, distTicks, pRaw, p, roll);
        if (!(roll < p))
        {
            return FillEvaluation.None(FillReasons.RollAbove, diagnostics);
        }

        if (!_params.MidpointPrice)
        {
            return new FillEvaluation(true, limitPrice, FillReasons.RollBelow, "limit", diagnostics);
        }

        // The prototype's midpoint could put a buy above its own limit; clamp to the limit.
        var midpoint = (limitPrice + r) / 2m;
        var price = side == Side.Buy ? Math.Min(midpoint, limitPrice) : Math.Max(midpoint, limitPrice);
        return new FillEvaluation(true, price, FillReasons.RollBelow, "midpoint", diagnostics);
    }

    /// <summary>
    /// How far, in ticks, the market still has to move to reach the quote: buy (ref − limit)/tick, sell
    /// (limit − ref)/tick; negative when it is already beyond. Computed in decimal and converted once
    /// (shared with calibration).
    /// </summary>
    public static double DistanceTicks(Side side, decimal limitPrice, decimal reference, decimal tickSize) =>
        (double)((side == Side.Buy ? reference - limitPrice : limitPrice - reference) / tickSize);

    /// <summary>p = min(p_max, base_liquidity × exp(−alpha × dist_ticks)); <paramref name="pRaw"/> is the value before the cap.</summary>
    public static double Probability(ProbabilisticFillParams parameters, double distTicks, out double pRaw)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        pRaw = parameters.BaseLiquidity * Math.Exp(-parameters.Alpha * distTicks);
        return Math.Min(parameters.PMax, pRaw);
    }
}
