using System.Text.Json;

namespace PolyMM.Cli.Running;

/// <summary>Reads back what a run stored in <c>runs.params</c>.</summary>
internal static class RunParams
{
    /// <summary>The run's exposure caps (the documented defaults when absent).</summary>
    public static (decimal Total, decimal PerMarket) Caps(string paramsJson)
    {
        using var doc = JsonDocument.Parse(paramsJson);
        var root = doc.RootElement;
        var total = root.TryGetProperty("max_exposure_usd", out var t) && t.TryGetDecimal(out var tv) ? tv : 5000m;
        var per = root.TryGetProperty("max_per_market_exposure_usd", out var p) && p.TryGetDecimal(out var pv) ? pv : 500m;
        return (total, per);
    }
}
