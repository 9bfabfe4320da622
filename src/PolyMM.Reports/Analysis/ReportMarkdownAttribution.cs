using System.Globalization;
using System.Text.Json;
using PolyMM.Core.Economics;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// The Markdown report's sections on where the money came from (docs/analysis.md#pnl-attribution): attribution,
/// markouts, risk and return, and the run's parameters.
/// </summary>
internal static class ReportMarkdownAttribution
{
    private const int MaxValueChars = 120;

    /// <summary>Parameter groups of the table, by key (docs/data-dictionary.md#runsparams); a key in none is listed under "other".</summary>
    private static readonly (string Group, Func<string, bool> Has)[] Groups =
    [
        ("strategy", k => k is "k_ticks" or "skew_ticks" or "quote_size_usd" or "tick_size" or "round_to_tick" or "max_spread_pct" or "poll_interval_sec" or "strategy"),
        ("fill model", k => k.StartsWith("fill_", StringComparison.Ordinal) || k.StartsWith("queue", StringComparison.Ordinal) || k is "strict_fill_price" or "prob_fill_price"),
        ("latency", k => k.Contains("latency", StringComparison.Ordinal)),
        ("fees", k => k.Contains("fee", StringComparison.Ordinal) || k.Contains("rebate", StringComparison.Ordinal) || k.Contains("reward", StringComparison.Ordinal)),
        ("caps", k => k.StartsWith("max_", StringComparison.Ordinal) || k == "bankroll"),
        ("data set", k => k is "data_mode" or "fixture_dir" or "fixture_profile" or "markets" or "market_ids" or "whitelist" or "allow_synthetic_books" or "gamma_url" or "clob_url"),
        ("seed", k => k == "seed"),
    ];

    public static void Write(RunReport r, TextWriter w)
    {
        var a = r.Attribution;
        w.WriteLine("## Where the P&L came from");
        w.WriteLine();
        w.WriteLine(Inv($"Spread capture = side × (mid at fill − price) × shares; adverse selection = side × (mid {a.AdverseHorizonSec} s later − mid at fill) × shares; inventory = gross − both (docs/analysis.md). net = spread + adverse + inventory + rewards + rebates − fees."));
        w.WriteLine();
        w.WriteLine("| scope | spread capture | adverse selection | inventory | rewards | rebates | fees | net | fills unknown (spread / adverse) |");
        w.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(w, "**run**", a.Run);
        foreach (var (id, parts) in a.ByMarket)
        {
            Row(w, ReportMarkdownWriter.Escape(id), parts);
        }

        w.WriteLine();
        var m = r.Markouts;
        w.WriteLine("## Markouts");
        w.WriteLine();
        w.WriteLine(Inv($"Side × (mid at fill + horizon − fill price), over all {m.Run.Fills} fills; a horizon past the data's end is unknown."));
        w.WriteLine();
        w.WriteLine("| horizon | fills known | mean per share | total |");
        w.WriteLine("| ---: | ---: | ---: | ---: |");
        for (var h = 0; h < m.HorizonsSec.Count; h++)
        {
            var mean = m.Run.MeanPerShare[h] is { } v ? ReportFormat.Normalize(Math.Round(v, 6, MidpointRounding.ToEven)).ToString(CultureInfo.InvariantCulture) : "n/a";
            w.WriteLine(Inv($"| +{m.HorizonsSec[h]} s | {m.Run.Known[h]} | {mean} | {ReportMarkdownWriter.Usd(m.Run.TotalUsd[h])} |"));
        }

        w.WriteLine();
        var k = r.Risk;
        w.WriteLine("## Risk and Return");
        w.WriteLine();
        w.WriteLine($"- Return on bankroll: {ReportMarkdownWriter.Pct(k.ReturnOnBankrollPct)}; on capital used ({ReportMarkdownWriter.Usd(k.CapitalUsedUsd)}, `{k.CapitalUsedSource}`): {ReportMarkdownWriter.Pct(k.ReturnOnCapitalUsedPct)}");
        w.WriteLine(Inv($"- Sharpe {Ratio(k.SharpeAnnualized)}, Sortino {Ratio(k.SortinoAnnualized)} (per-minute equity returns, {k.MinuteReturns} minutes, annualised × √525,600)"));
        w.WriteLine(Inv($"- Max drawdown {ReportMarkdownWriter.Pct(k.Drawdown.MaxDrawdownPct)} lasting {k.Drawdown.MaxDrawdownDurationSec:0.##} s; time under water {ReportMarkdownWriter.Pct(k.Drawdown.TimeUnderWaterPct)}"));
        w.WriteLine(Inv($"- Round trips (closed lots): {k.RoundTrips}; win rate {ReportMarkdownWriter.Pct(k.WinRate)}; profit factor {Ratio(k.ProfitFactor)}; turnover {ReportMarkdownWriter.Usd(k.TurnoverUsd)}"));
        w.WriteLine();

        w.WriteLine("## Parameters");
        w.WriteLine();
        w.WriteLine("| group | parameter | value |");
        w.WriteLine("| --- | --- | --- |");
        using var doc = JsonDocument.Parse(r.ParamsJson);
        if (doc.RootElement.ValueKind == JsonValueKind.Object)
        {
            var rows = doc.RootElement.EnumerateObject()
                .Where(p => p.Name is not ("run_id" or "run_tag" or "tool_version"))
                .Select(p => (Group: GroupOf(p.Name), p.Name, Value: Text(p.Value)))
                .OrderBy(x => Array.FindIndex(Groups, g => g.Group == x.Group) is var i and >= 0 ? i : Groups.Length)
                .ToList();
            foreach (var (group, name, value) in rows)
            {
                w.WriteLine($"| {group} | {ReportMarkdownWriter.Escape(name)} | {ReportMarkdownWriter.Escape(value)} |");
            }
        }

        w.WriteLine();
    }

    private static void Row(TextWriter w, string scope, PnlAttributionParts p) =>
        w.WriteLine(Inv($"| {scope} | {ReportMarkdownWriter.Usd(p.SpreadCaptureUsd)} | {ReportMarkdownWriter.Usd(p.AdverseSelectionUsd)} | {ReportMarkdownWriter.Usd(p.InventoryPnlUsd)} | {ReportMarkdownWriter.Usd(p.RewardsUsd)} | {ReportMarkdownWriter.Usd(p.RebatesUsd)} | {ReportMarkdownWriter.Usd(p.FeesUsd)} | {ReportMarkdownWriter.Usd(p.NetPnlUsd)} | {p.SpreadUnknownFills} / {p.AdverseUnknownFills} |"));

    private static string GroupOf(string key) => Groups.FirstOrDefault(g => g.Has(key)).Group ?? "other";

    private static string Text(JsonElement v)
    {
        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Null => "null",
            _ => v.GetRawText(),
        };
        return s.Length > MaxValueChars ? s[..MaxValueChars] + "…" : s;
    }

    private static string Ratio(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
