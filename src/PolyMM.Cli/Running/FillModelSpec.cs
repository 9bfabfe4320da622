using PolyMM.Core.Fills;

namespace PolyMM.Cli.Running;

/// <summary>
/// One fill model of <c>mm sensitivity --models</c> (docs/design.md#fill-sensitivity): <c>touch</c>, <c>trade-through</c>,
/// <c>probabilistic</c> or <c>queue:FUNCTION</c> (<c>queue</c> alone is <c>queue:risk-averse</c>), as the run settings
/// <c>--fill-model</c> / <c>--queue-function</c> that build it.
/// </summary>
internal sealed record FillModelSpec(string Label, string FillModel, string QueueFunction)
{
    /// <summary>The probabilistic model's (alpha, base_liquidity, p_max) when they differ from the run's (calibration).</summary>
    public (double Alpha, double BaseLiquidity, double PMax)? Probabilistic { get; init; }

    public const string DefaultList = "touch,trade-through,probabilistic,queue:risk-averse,queue:power:2,queue:log";

    public const string ValidNames = "touch, trade-through, probabilistic, queue:risk-averse, queue:power:N or queue:log";

    public bool IsQueue => FillModel == QueueFillModel.ModelName;

    /// <summary>The run settings of this model: the given ones with its fill model (and queue function).</summary>
    public RunSettings Apply(RunSettings s)
    {
        var applied = s with { FillModel = FillModel, QueueFunction = IsQueue ? QueueFunction : s.QueueFunction };
        return Probabilistic is { } p ? applied with { FillAlpha = p.Alpha, FillBaseLiquidity = p.BaseLiquidity, FillPMax = p.PMax } : applied;
    }

    /// <summary>Parses a comma list; an unknown name, an empty list or a repeated model is one message naming the valid ones.</summary>
    public static IReadOnlyList<FillModelSpec> ParseList(string text)
    {
        var list = new List<FillModelSpec>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var name = raw.ToLowerInvariant();
            FillModelSpec spec;
            switch (name)
            {
                case TouchFillModel.ModelName:
                case TradeThroughFillModel.ModelName:
                case ProbabilisticFillModel.ModelName:
                    spec = new FillModelSpec(name, name, "risk-averse");
                    break;
                case QueueFillModel.ModelName:
                    spec = new FillModelSpec("queue:risk-averse", QueueFillModel.ModelName, "risk-averse");
                    break;
                default:
                    if (!name.StartsWith("queue:", StringComparison.Ordinal))
                    {
                        throw new SettingsException($"--models: unknown fill model '{raw}'; valid: {ValidNames}");
                    }

                    if (!Core.Fills.QueueFunction.TryParse(name[6..], out var f))
                    {
                        throw new SettingsException($"--models: unknown queue function '{raw[6..]}' in '{raw}'; valid: {Core.Fills.QueueFunction.ValidNames}");
                    }

                    spec = new FillModelSpec("queue:" + f.Name, QueueFillModel.ModelName, f.Name);
                    break;
            }

            if (list.Any(l => l.Label == spec.Label))
            {
                throw new SettingsException($"--models: '{spec.Label}' is listed twice");
            }

            list.Add(spec);
        }

        return list;
    }
}
