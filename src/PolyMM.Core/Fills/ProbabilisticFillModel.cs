using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;

namespace PolyMM.Core.Fills;

/// <summary>
/// p = min(p_max, base_liquidity × exp(−alpha × dist_ticks)), dist_ticks = |limit − ref| / tick, with
/// ref = LTP else mid (docs/design.md#fill-models). One uniform draw per evaluation from the injected seeded source, so
/// the same seed and event order give the same fills. A maker order fills at its limit: conservatism
/// belongs in p, not in the price.
/// </summary>
public sealed class ProbabilisticFillModel : IFillModel
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

    public string Name => "probabilistic";

    public FillEvaluation Evaluate(Side side, decimal limitPrice, decimal shares, in Snapshot snapshot)
    {
        var reference = snapshot.LastTradePrice ?? snapshot.MidPrice;
        if (reference is not { } r)
        {
            return FillEvaluation.None(FillReasons.NoReference, default);
        }

        var distTicks = DistanceTicks(limitPrice, r, _params.TickSize);
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

    /// <summary>dist_ticks = |limit − ref| / tick, computed in decimal and converted once (shared with calibration).</summary>
    public static double DistanceTicks(decimal limitPrice, decimal reference, decimal tickSize) =>
        (double)(Math.Abs(limitPrice - reference) / tickSize);

    /// <summary>p = min(p_max, base_liquidity × exp(−alpha × dist_ticks)); <paramref name="pRaw"/> is the value before the cap.</summary>
    public static double Probability(ProbabilisticFillParams parameters, double distTicks, out double pRaw)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        pRaw = parameters.BaseLiquidity * Math.Exp(-parameters.Alpha * distTicks);
        return Math.Min(parameters.PMax, pRaw);
    }
}
