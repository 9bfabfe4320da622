using System.Globalization;
using System.Text;
using PolyMM.Core.Calibration;

namespace PolyMM.Cli.Running;

/// <summary>One probabilistic grid point against the queue model on the same L2 data.</summary>
internal sealed record L2FitRow(double Alpha, double BaseLiquidity, double PMax, long Orders, int FilledOrders, double FillRate, double Error);

/// <summary>
/// <c>mm calibrate</c> on a market-channel recording or PMXT hours (docs/design.md#calibration): the queue model and the
/// probabilistic model at every grid point run side by side in one pass (<see cref="SensitivityRun"/>), with the k-tick
/// strategy; each grid point's fill rate (orders with a fill / orders sent) is compared with the queue model's, and the
/// point with the smallest absolute difference is the fit.
/// </summary>
internal static class L2Calibration
{
    public static (ModelOutcome Queue, IReadOnlyList<L2FitRow> Rows, L2FitRow Best) Run(RunSettings s, DateTimeOffset now, CancellationToken cancellation)
    {
        var queue = new FillModelSpec("queue:" + s.QueueFunction, Core.Fills.QueueFillModel.ModelName, s.QueueFunction);
        var grid = Calibrator.Grid(s.TickSize);
        var specs = new List<FillModelSpec> { queue };
        specs.AddRange(grid.Select((g, i) => new FillModelSpec("probabilistic#" + i.ToString(CultureInfo.InvariantCulture), Core.Fills.ProbabilisticFillModel.ModelName, "risk-averse")
        {
            Probabilistic = (g.Alpha, g.BaseLiquidity, g.PMax),
        }));
        var result = SensitivityRun.Run(s, specs, now, cancellation);
        var q = result.Models[0];
        var rows = grid.Select((g, i) =>
        {
            var m = result.Models[i + 1];
            return new L2FitRow(g.Alpha, g.BaseLiquidity, g.PMax, m.Orders, m.FilledOrders, m.FillRate, Math.Abs(m.FillRate - q.FillRate));
        }).ToList();
        // Smallest error; ties go to the first in table order.
        var best = rows.Aggregate((a, b) => b.Error < a.Error ? b : a);
        return (q, rows, best);
    }

    public static string Table(IReadOnlyList<L2FitRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"alpha",6} {"base_liq",9} {"p_max",6} {"orders",10} {"filled",10} {"rate",9} {"error",9}\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Alpha,6:0.0#} {r.BaseLiquidity,9:0.00} {r.PMax,6:0.0#} {r.Orders,10} {r.FilledOrders,10} {r.FillRate,9:0.000000} {r.Error,9:0.000000}\n");
        }

        return sb.ToString();
    }

    public static string Csv(IReadOnlyList<L2FitRow> rows)
    {
        var sb = new StringBuilder("alpha,base_liquidity,p_max,orders,filled_orders,rate,error\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Alpha},{r.BaseLiquidity},{r.PMax},{r.Orders},{r.FilledOrders},{r.FillRate:R},{r.Error:R}\n");
        }

        return sb.ToString();
    }
}
