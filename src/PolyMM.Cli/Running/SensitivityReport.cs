using System.Globalization;
using System.Text;
using System.Text.Json;
using PolyMM.Core.Economics;

namespace PolyMM.Cli.Running;

/// <summary>
/// The fill-model sensitivity report (docs/design.md#fill-sensitivity) as JSON, Markdown and CSV: one row per model, the
/// band of net P&amp;L across models, and whether the sign of net P&amp;L depends on the model.
/// </summary>
internal static class SensitivityReport
{
    /// <summary>The flag stated when some models make money and others lose it.</summary>
    public const string SignFlag = "profitable only under optimistic fill models";

    public static string Horizon(int i) => string.Create(CultureInfo.InvariantCulture, $"{(int)Markouts.DefaultHorizons[i].TotalSeconds}s");

    /// <summary>The one-line verdict, or null when every model agrees on the sign.</summary>
    public static string? Flag(SensitivityResult r) => r.SignDependsOnModel
        ? $"{SignFlag}: profitable under {string.Join(", ", r.Profitable)}; losing under {string.Join(", ", r.Losing)}"
        : null;

    public static string Json(SensitivityResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("report", "fill_model_sensitivity");
            w.WriteString("run_tag", r.RunTag);
            w.WriteString("data_source", r.DataSource);
            w.WriteString("data", r.DataKind);
            w.WriteStartObject("params");
            foreach (var (k, v) in r.Params)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
            w.WriteStartArray("models");
            foreach (var m in r.Models)
            {
                w.WriteStartObject();
                w.WriteString("model", m.Model);
                w.WriteNumber("orders", m.Orders);
                w.WriteNumber("fills", m.Fills);
                w.WriteNumber("filled_orders", m.FilledOrders);
                w.WriteNumber("filled_shares", m.FilledShares);
                w.WriteNumber("fill_rate", m.FillRate);
                w.WriteNumber("fees_usd", m.FeesUsd);
                w.WriteNumber("rebates_usd", m.RebatesUsd);
                w.WriteNumber("rewards_usd", m.RewardsUsd);
                w.WriteNumber("net_pnl_usd", m.NetPnlUsd);
                w.WriteNumber("net_without_rewards_usd", m.NetWithoutRewardsUsd);
                w.WriteNumber("max_drawdown_pct", m.MaxDrawdownPct);
                w.WriteStartObject("markouts_per_share");
                Nullable(w, "at_fill", m.SpreadCapturePerShare);
                for (var h = 0; h < m.MarkoutPerShare.Count; h++)
                {
                    Nullable(w, Horizon(h), m.MarkoutPerShare[h]);
                }

                w.WriteEndObject();
                w.WriteString("stop_reason", m.StopReason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("band");
            w.WriteNumber("min_net_pnl_usd", r.MinNetPnlUsd);
            w.WriteNumber("max_net_pnl_usd", r.MaxNetPnlUsd);
            w.WriteEndObject();
            w.WriteBoolean("sign_depends_on_model", r.SignDependsOnModel);
            if (Flag(r) is { } flag)
            {
                w.WriteString("flag", flag);
            }
            else
            {
                w.WriteNull("flag");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string Markdown(SensitivityResult r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Fill-model sensitivity — {r.RunTag}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Data: `{r.DataSource}` ({r.DataKind}), markets: {string.Join(", ", r.MarketIds)}. One pass over the data, one engine per model.\n\n");
        sb.Append("| model | fills | filled shares | fill rate | net P&L | net w/o rewards | markout 60s /share | max drawdown |\n");
        sb.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        var h60 = Enumerable.Range(0, Markouts.DefaultHorizons.Count).FirstOrDefault(i => Markouts.DefaultHorizons[i] == TimeSpan.FromSeconds(60));
        foreach (var m in r.Models)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {m.Model} | {m.Fills} | {m.FilledShares:0.##} | {m.FillRate:0.0%} | {m.NetPnlUsd:0.00} | {m.NetWithoutRewardsUsd:0.00} | {(m.MarkoutPerShare[h60] is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a")} | {m.MaxDrawdownPct:0.00%} |\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"\nBand of net P&L across models: {r.MinNetPnlUsd:0.00} to {r.MaxNetPnlUsd:0.00} USD. ");
        sb.Append(Flag(r) is { } flag ? $"**{flag}.**\n" : "Every model agrees on the sign of net P&L.\n");
        sb.Append("\nParameters: ").Append(string.Join(", ", r.Params.Select(p => $"{p.Key}={p.Value}"))).Append('\n');
        return sb.ToString();
    }

    public static string Csv(SensitivityResult r)
    {
        var sb = new StringBuilder("model,orders,fills,filled_orders,filled_shares,fill_rate,fees_usd,rebates_usd,rewards_usd,net_pnl_usd,net_without_rewards_usd,max_drawdown_pct,markout_at_fill");
        for (var h = 0; h < Markouts.DefaultHorizons.Count; h++)
        {
            sb.Append(",markout_").Append(Horizon(h));
        }

        sb.Append('\n');
        foreach (var m in r.Models)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{m.Model},{m.Orders},{m.Fills},{m.FilledOrders},{m.FilledShares},{m.FillRate:R},{m.FeesUsd},{m.RebatesUsd},{m.RewardsUsd},{m.NetPnlUsd},{m.NetWithoutRewardsUsd},{m.MaxDrawdownPct:R},{m.SpreadCapturePerShare}");
            foreach (var v in m.MarkoutPerShare)
            {
                sb.Append(',').Append(v?.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void Nullable(Utf8JsonWriter w, string key, decimal? v)
    {
        if (v is { } x)
        {
            w.WriteNumber(key, x);
        }
        else
        {
            w.WriteNull(key);
        }
    }
}
