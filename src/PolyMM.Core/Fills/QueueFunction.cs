using System.Globalization;

namespace PolyMM.Core.Fills;

/// <summary>Which rule moves an order's queue position on a level decrease that trades do not explain.</summary>
public enum QueueFunctionKind : byte
{
    RiskAverse = 0,
    Power = 1,
    Log = 2,
}

/// <summary>
/// A queue function of the <c>queue</c> fill model (docs/design.md#fill-models): <c>risk-averse</c> (a cancel never moves
/// us forward), <c>power:N</c> or <c>log</c> (the probability that an unexplained decrease happened behind us).
/// </summary>
public readonly record struct QueueFunction(QueueFunctionKind Kind, double Exponent)
{
    public const string ValidNames = "risk-averse, power:N (N > 0) or log";

    public static QueueFunction RiskAverse => new(QueueFunctionKind.RiskAverse, 0);

    /// <summary>The name as given on the command line and stored with the run's parameters.</summary>
    public string Name => Kind switch
    {
        QueueFunctionKind.Power => "power:" + Exponent.ToString("0.###", CultureInfo.InvariantCulture),
        QueueFunctionKind.Log => "log",
        _ => "risk-averse",
    };

    /// <summary>Parses <c>risk-averse</c>, <c>power:N</c> (N a positive number, at most 100) or <c>log</c>.</summary>
    public static bool TryParse(string? text, out QueueFunction function)
    {
        function = RiskAverse;
        switch (text)
        {
            case "risk-averse":
                return true;
            case "log":
                function = new QueueFunction(QueueFunctionKind.Log, 0);
                return true;
        }

        if (text is not null && text.StartsWith("power:", StringComparison.Ordinal)
            && double.TryParse(text.AsSpan(6), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && n > 0 && n <= 100 && double.IsFinite(n))
        {
            function = new QueueFunction(QueueFunctionKind.Power, n);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The probability that a decrease happened behind us, given the size ahead (<paramref name="front"/>) and behind
    /// (<paramref name="back"/>): power f(b)^N/(f(b)^N + f(a)^N) with f the identity, log ln(1+b)/(ln(1+b) + ln(1+a)).
    /// With nothing on either side the answer is 1 (there is nothing ahead to remove). Risk-averse: 1 (never ahead).
    /// </summary>
    public double ProbabilityBehind(decimal front, decimal back)
    {
        var a = Math.Max(0d, (double)front);
        var b = Math.Max(0d, (double)back);
        double num, den;
        switch (Kind)
        {
            case QueueFunctionKind.Power:
                // b^N / (b^N + a^N) written as 1 / (1 + (a/b)^N), which cannot overflow for large sizes.
                if (b <= 0d)
                {
                    return a > 0d ? 0d : 1d;
                }

                num = 1d;
                den = 1d + Math.Pow(a / b, Exponent);
                break;
            case QueueFunctionKind.Log:
                num = Math.Log(1d + b);
                den = num + Math.Log(1d + a);
                break;
            default:
                return 1d;
        }

        return den > 0d && double.IsFinite(den) ? Math.Clamp(num / den, 0d, 1d) : 1d;
    }
}
