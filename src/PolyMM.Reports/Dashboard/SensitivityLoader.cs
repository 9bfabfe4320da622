using System.Text.Json;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Reads the fill-model sensitivity JSON given with <c>mm dashboard --sensitivity</c> (docs/analysis.md#mm-dashboard):
/// <c>{"models":[{model, fills, filled_shares, net_pnl_usd, net_without_rewards_usd, max_drawdown_pct}],
/// "band":{min_net_pnl_usd, max_net_pnl_usd}, "sign_depends_on_model": bool}</c>. Absent numbers are null; a value of
/// the wrong type is a one-line <see cref="DashboardInputException"/> naming the file and the key.
/// </summary>
public static class SensitivityLoader
{
    /// <exception cref="DashboardInputException">The file is missing or malformed.</exception>
    public static SensitivityData Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DashboardInputException($"{path}: cannot read sensitivity file ({DashboardRunLoader.OneLine(ex.Message)})", ex);
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return FromJson(doc.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new DashboardInputException($"{path}: not valid JSON ({DashboardRunLoader.OneLine(ex.Message)})", ex);
        }
    }

    /// <exception cref="DashboardInputException">A value has the wrong type.</exception>
    public static SensitivityData FromJson(JsonElement root, string source)
    {
        var r = new ReportReader(source);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw r.Error("", "the sensitivity file is not a JSON object");
        }

        var models = new List<SensitivityModel>();
        foreach (var (m, key, i) in r.Objects(root, "models"))
        {
            models.Add(new SensitivityModel(
                r.IdText(m, "model", key) ?? $"model {i + 1}",
                r.Number(m, "fills", key),
                r.Number(m, "filled_shares", key),
                r.Number(m, "net_pnl_usd", key),
                r.Number(m, "net_without_rewards_usd", key),
                r.Number(m, "max_drawdown_pct", key)));
        }

        var sign = root.TryGetProperty("sign_depends_on_model", out var s) ? s.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw r.Error("sign_depends_on_model", "is not true or false"),
        } : false;

        return new SensitivityData(
            Path.GetFileName(source),
            models,
            r.Number(root, "band.min_net_pnl_usd"),
            r.Number(root, "band.max_net_pnl_usd"),
            sign);
    }
}
