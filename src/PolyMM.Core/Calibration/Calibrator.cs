using PolyMM.Core.Fills;
using PolyMM.Core.Random;

namespace PolyMM.Core.Calibration;

/// <summary>
/// Calibration (docs/design.md#calibration): the probabilistic fill model over a grid of alpha × base_liquidity × p_max, evaluated on the
/// k-tick bid and ask of every snapshot. Each combination draws from its own generator seeded with the
/// same seed (common random numbers: differences between rows come from the parameters, not the draws),
/// so results do not depend on how many threads run the grid. Per snapshot the bid is evaluated first,
/// then the ask, exactly as <see cref="ProbabilisticFillModel.Evaluate(in RestingOrderView, in Market.Snapshot, decimal?)"/> would with the same generator.
/// </summary>
public static class Calibrator
{
    public static IReadOnlyList<double> Alphas { get; } = [0.5, 1, 1.5, 2, 3];

    public static IReadOnlyList<double> BaseLiquidities { get; } = [0.05, 0.1, 0.15, 0.2];

    public static IReadOnlyList<double> PMaxes { get; } = [0.1, 0.2, 0.3];

    /// <summary>The 60 grid points in table order: alpha, then base_liquidity, then p_max.</summary>
    public static IReadOnlyList<ProbabilisticFillParams> Grid(decimal tickSize) =>
        [.. from a in Alphas from b in BaseLiquidities from p in PMaxes
            select new ProbabilisticFillParams { Alpha = a, BaseLiquidity = b, PMax = p, TickSize = tickSize }];

    public static IReadOnlyList<CalibrationRow> Run(CalibrationInput input, long seed, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        var grid = Grid(input.TickSize);
        var rows = new CalibrationRow[grid.Count];
        Parallel.For(0, grid.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i => rows[i] = Evaluate(input, grid[i], seed));
        return rows;
    }

    /// <summary>One grid point: two evaluations (bid, ask) per snapshot, one uniform draw each.</summary>
    public static CalibrationRow Evaluate(CalibrationInput input, ProbabilisticFillParams parameters, long seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(parameters);
        var random = new SeededRandom(seed);

        // p depends only on the distance: one exp per distinct distance, by the model's own formula.
        var p = new double[input.Distances.Count];
        for (var d = 0; d < p.Length; d++)
        {
            p[d] = ProbabilisticFillModel.Probability(parameters, input.Distances[d], out _);
        }

        var bid = input.BidIndices;
        var ask = input.AskIndices;
        long fills = 0;
        for (var i = 0; i < bid.Length; i++)
        {
            if (random.NextDouble() < p[bid[i]])
            {
                fills++;
            }

            if (random.NextDouble() < p[ask[i]])
            {
                fills++;
            }
        }

        return new CalibrationRow(parameters.Alpha, parameters.BaseLiquidity, parameters.PMax, 2L * bid.Length, fills);
    }
}
