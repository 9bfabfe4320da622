namespace PolyMM.Core.Calibration;

/// <summary>One parameter combination of the calibration grid and what the probabilistic model did with it.</summary>
public sealed record CalibrationRow(double Alpha, double BaseLiquidity, double PMax, long Evaluations, long Fills)
{
    /// <summary>Fills per evaluation, as a fraction (0 when nothing was evaluated).</summary>
    public double Rate => Evaluations == 0 ? 0 : (double)Fills / Evaluations;
}
