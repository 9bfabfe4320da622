using System.Globalization;

namespace PolyMM.Reports.Analysis;

/// <summary>The human report (docs/design.md#markdown-report): percent and USD with 2 decimals, one section per concern.</summary>
public static class ReportMarkdownWriter
{
    public static void Write(RunReport r, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(output);
        var w = output;
        w.WriteLine($"# Market-making report: {Escape(r.RunTag)}");
        w.WriteLine();
        w.WriteLine(Inv($"Run `{Escape(r.RunId)}` — status **{r.Status}** (stop: {Escape(r.StopReason ?? "n/a")}), {r.DataMode}, runtime {r.RuntimeSec:0.##} s of event time, {r.Orders} orders, {r.Fills} fills, bankroll {Usd(r.Bankroll)}."));
        w.WriteLine();

        var t = r.Truth;
        w.WriteLine("## Trust");
        w.WriteLine();
        w.WriteLine(Inv($"- Truthful fills: {t.TruthfulFills} of {t.Fills} ({Pct(t.TruthfulRate)})"));
        w.WriteLine(Inv($"- Excluded: non-fill source {t.NonFillSource}, missing snapshot {t.MissingSnapshot}, synthetic book {t.SyntheticBook}"));
        w.WriteLine($"- Reconciliation: **{t.ReconciliationStatus}** (tolerance 0)");
        foreach (var i in t.IntegrityIssues)
        {
            w.WriteLine($"  - `{i.Code}`: {Escape(i.Message)}");
        }

        w.WriteLine();
        var p = r.Pnl;
        w.WriteLine("## P&L Breakdown");
        w.WriteLine();
        w.WriteLine("| item | USD |");
        w.WriteLine("| --- | ---: |");
        w.WriteLine($"| Realized | {Usd(p.RealizedPnlUsd)} |");
        w.WriteLine($"| Unrealized (marked to mid) | {Usd(p.UnrealizedPnlUsd)} |");
        w.WriteLine($"| Gross | {Usd(p.GrossPnlUsd)} |");
        w.WriteLine($"| Fees | {Usd(p.FeesUsd)} |");
        w.WriteLine($"| Maker rebates | {UsdFine(p.RebatesUsd)} |");
        w.WriteLine($"| Rewards ({string.Join(", ", p.RewardSources)}) | {UsdFine(p.RewardsUsd)} |");
        w.WriteLine($"| **Net** | **{Usd(p.NetPnlUsd)}** |");
        w.WriteLine($"| Net without rewards | {Usd(p.NetWithoutRewardsUsd)} |");
        w.WriteLine();
        WriteEconomics(w, r);

        var e = r.Execution;
        w.WriteLine("## Execution Quality");
        w.WriteLine();
        w.WriteLine($"- Passive fill rate: {Pct(e.PassiveFillRate)}; spread crossed: {Pct(e.SpreadCrossedRate)}");
        var s = e.QuoteSlippagePct;
        w.WriteLine(Inv($"- Quote slippage vs mid ({s.Count} fills): mean {Pct(s.Mean)}, p50 {Pct(s.P50)}, p90 {Pct(s.P90)}, p95 {Pct(s.P95)}"));
        var f = e.TimeToFillSec;
        w.WriteLine(Inv($"- Time to fill: mean {Sec(f.Mean)}, p50 {Sec(f.P50)}, p90 {Sec(f.P90)}, p95 {Sec(f.P95)}"));
        w.WriteLine($"- Pauses: {Counts(e.PauseReasons)}; invalid snapshots: {Counts(e.InvalidSnapshots)}; fetch errors: {Counts(e.FetchErrors)}");
        w.WriteLine();

        var i2 = r.Inventory;
        w.WriteLine("## Inventory Risk");
        w.WriteLine();
        w.WriteLine($"- Average locked (time-weighted cost basis): {Usd(i2.AvgLockedUsd)}; capital utilization {Pct(i2.CapitalUtilizationPct)}");
        w.WriteLine(Inv($"- Inventory turnover: {(i2.InventoryTurnover is { } tv ? tv.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")}; stuck lots at run end: {i2.StuckInventoryCount}"));
        var h = i2.TimeInInventorySec;
        w.WriteLine(Inv($"- Time in inventory ({h.Count} closed lots): mean {Sec(h.Mean)}, p50 {Sec(h.P50)}, p90 {Sec(h.P90)}, p95 {Sec(h.P95)}"));
        w.WriteLine($"- Max total exposure (cost basis of open lots, every fill): {Usd(i2.MaxTotalExposureUsd)}");
        w.WriteLine($"- Max drawdown of equity: {Pct(i2.MaxDrawdownPct)}");
        w.WriteLine();
        w.WriteLine("| market | max inventory held | max inventory drawdown |");
        w.WriteLine("| --- | ---: | ---: |");
        for (var k = 0; k < i2.MaxInventoryHeldByMarket.Count; k++)
        {
            var (id, held) = i2.MaxInventoryHeldByMarket[k];
            w.WriteLine($"| {Escape(id)} | {Usd(held)} | {Usd(i2.MaxInventoryDrawdownByMarket[k].Value)} |");
        }

        w.WriteLine();
        w.WriteLine("## Top 10 Markets");
        w.WriteLine();
        w.WriteLine("| market | net P&L | fills | fill rate | avg spread | avg depth | max inventory | p95 abs slippage |");
        w.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in r.MarketsTop10)
        {
            w.WriteLine(Inv($"| {Escape(m.Market)} | {Usd(m.NetPnlUsd)} | {m.Fills} | {Pct(m.FillRate)} | {Pct(m.AvgSpreadPct)} | {(m.AvgDepth is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} | {Usd(m.MaxInventoryHeld)} | {Pct(m.WorstTailSlippage)} |"));
        }

        w.WriteLine();
        ReportMarkdownAttribution.Write(r, w);
        w.WriteLine("## Warnings");
        w.WriteLine();
        if (r.Warnings.Count == 0)
        {
            w.WriteLine("None.");
        }

        foreach (var warning in r.Warnings)
        {
            w.WriteLine($"- {Escape(warning)}");
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    internal static string Pct(double? fraction) => fraction is { } f ? (f * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    // Rebates and per-minute reward accruals are often below a cent: up to micro-USD, as the ledger keeps them.
    private static string UsdFine(decimal? usd) => usd is { } u ? (u < 0 ? "-$" : "$") + Math.Abs(u).ToString("#,0.00####", CultureInfo.InvariantCulture) : "n/a";

    internal static string Usd(decimal? usd) => usd is { } u ? (u < 0 ? "-$" : "$") + Math.Abs(u).ToString("#,0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Sec(double? sec) => sec is { } s ? s.ToString("0.##", CultureInfo.InvariantCulture) + " s" : "n/a";

    private static string Counts(IReadOnlyList<KeyValuePair<string, long>> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => Inv($"{Escape(c.Key)} {c.Value}")));

    /// <summary>
    /// Text from the data (tags, market ids and titles, messages) as inert Markdown (docs/design.md#markdown-report):
    /// HTML's <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> become entities, so a title cannot embed a tag or a script;
    /// a pipe is escaped so it cannot split a table cell; a line break becomes a space.
    /// </summary>
    public static string Escape(string? text) => (text ?? "")
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .ReplaceLineEndings(" ");
    // Fees by kind and the reward estimate per market (docs/design.md#fees, docs/design.md#rewards).
    private static void WriteEconomics(TextWriter w, RunReport r)
    {
        if (r.Fees is { } f)
        {
            w.WriteLine($"- Fees ({f.FeeMode}): taker {UsdFine(f.TakerFeesUsd)}, maker {UsdFine(f.MakerFeesUsd)}; maker rebates {UsdFine(f.RebatesUsd)}");
        }

        if (r.Rewards is not { } rw)
        {
            w.WriteLine();
            return;
        }

        var partial = rw.RewardSource == "estimated_q_score_l1" ? " (partial: top of book only, an upper bound)" : string.Empty;
        w.WriteLine($"- Liquidity rewards: {rw.RewardSource}{partial}");
        w.WriteLine();
        if (rw.ByMarket.Count == 0)
        {
            return;
        }

        w.WriteLine("| market | reward USD | samples | mean share | full book | net | net without rewards |");
        w.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var m in rw.ByMarket)
        {
            w.WriteLine(Inv($"| {Escape(m.MarketId)} | {UsdFine(m.RewardUsd)} | {m.Samples} | {(m.MeanShare is { } s ? s.ToString("0.000000", CultureInfo.InvariantCulture) : "n/a")} | {(m.BookFullyVisible ? "yes" : "no")} | {UsdFine(m.NetPnlUsd)} | {UsdFine(m.NetWithoutRewardsUsd)} |"));
        }

        w.WriteLine();
    }
}
