namespace PolyMM.Core.Fills;

/// <summary>Parameters of the probabilistic fill model (docs/design.md#fill-models) with the documented defaults.</summary>
public sealed record ProbabilisticFillParams
{
    public double Alpha { get; init; } = 1.5;
    public double PMax { get; init; } = 0.20;
    public double BaseLiquidity { get; init; } = 0.10;
    public decimal TickSize { get; init; } = 0.01m;

    /// <summary>Fill at (limit + ref)/2 clamped to the limit, as the prototype did, instead of at the limit.</summary>
    public bool MidpointPrice { get; init; }

    /// <summary>The first invalid parameter as a one-line message naming its flag, or null when valid.</summary>
    public string? Validate()
    {
        if (TickSize < 0.0000000001m)
        {
            return $"--tick-size must be at least 1e-10 (got {TickSize})";
        }

        if (!(Alpha > 0) || double.IsInfinity(Alpha))
        {
            return $"--fill-alpha must be > 0 (got {Alpha})";
        }

        if (!(BaseLiquidity > 0 && BaseLiquidity <= 1))
        {
            return $"--fill-base-liquidity must be in (0, 1] (got {BaseLiquidity})";
        }

        return PMax > 0 && PMax <= 1 ? null : $"--fill-pmax must be in (0, 1] (got {PMax})";
    }
}
