using System.Text.Json;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// Writes a <see cref="RunReport"/> as JSON with a fixed key order: the keys of docs/data-dictionary.md#report-json in its order,
/// then the run's status and times, then <c>market_titles</c> and <c>market_series</c> for the dashboard.
/// Decimals are JSON numbers; a statistic that does not exist is null.
/// </summary>
public static class ReportJsonWriter
{
    public static void Write(RunReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("run_id", report.RunId);
        w.WriteString("run_tag", report.RunTag);
        w.WriteNumber("schema_version", RunReport.FormatVersion);
        Num(w, "bankroll", report.Bankroll);
        w.WritePropertyName("params");
        using (var doc = JsonDocument.Parse(report.ParamsJson))
        {
            doc.RootElement.WriteTo(w);
        }

        Num(w, "runtime_sec", report.RuntimeSec);
        w.WriteNumber("orders", report.Orders);
        w.WriteNumber("fills", report.Fills);
        WriteTruth(w, report.Truth);
        WritePnl(w, report.Pnl);
        WriteRewards(w, report.Rewards ?? new RewardsSection(report.Pnl.RewardSource, []));
        WriteFees(w, report.Fees ?? new FeesSection(Core.Economics.FillFees.FlatMode, 0m, report.Pnl.FeesUsd, report.Pnl.RebatesUsd));
        WriteExecution(w, report.Execution);
        WriteInventory(w, report.Inventory);
        WriteTop(w, report.MarketsTop10);
        WriteCurve(w, "equity_curve", report.EquityCurve);
        WriteCurve(w, "exposure_curve", report.ExposureCurve);
        ReportJsonAttribution.Write(w, report);
        w.WriteStartArray("warnings");
        foreach (var s in report.Warnings)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();

        w.WriteString("status", report.Status);
        w.WriteString("data_mode", report.DataMode);
        w.WriteNumber("ledger_schema_version", report.LedgerSchemaVersion);
        Str(w, "stop_reason", report.StopReason);
        Str(w, "event_start", report.EventStartMicros is { } es ? ReportFormat.Iso(es) : null);
        Str(w, "event_end", report.EventEndMicros is { } ee ? ReportFormat.Iso(ee) : null);
        w.WriteString("started_at", report.StartedAt);
        Str(w, "ended_at", report.EndedAt);
        w.WriteString("tool_version", report.ToolVersion);

        w.WriteStartObject("market_titles");
        foreach (var (id, title) in report.MarketTitles)
        {
            w.WriteString(id, title);
        }

        w.WriteEndObject();
        w.WriteStartObject("market_series");
        foreach (var m in report.MarketSeries)
        {
            w.WriteStartObject(m.MarketId);
            WriteCurve(w, "mid", m.Mid);
            WriteCurve(w, "bid", m.Bid);
            WriteCurve(w, "ask", m.Ask);
            w.WriteStartArray("fills");
            foreach (var f in m.Fills)
            {
                w.WriteStartArray();
                w.WriteStringValue(ReportFormat.Iso(f.Micros));
                w.WriteStringValue(f.Side == Core.Quoting.Side.Buy ? "BUY" : "SELL");
                w.WriteNumberValue(ReportFormat.Normalize(f.Price));
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTruth(Utf8JsonWriter w, TruthSection t)
    {
        w.WriteStartObject("truth");
        w.WriteNumber("truthful_fills", t.TruthfulFills);
        w.WriteNumber("fills", t.Fills);
        Num(w, "truthful_rate", t.TruthfulRate);
        w.WriteStartObject("exclusions");
        w.WriteNumber("non_fill_source", t.NonFillSource);
        w.WriteNumber("missing_snapshot", t.MissingSnapshot);
        w.WriteNumber("synthetic_book", t.SyntheticBook);
        w.WriteEndObject();
        w.WriteString("reconciliation_status", t.ReconciliationStatus);
        w.WriteNumber("reconciliation_eps", 0);
        w.WriteStartArray("integrity_issues");
        foreach (var i in t.IntegrityIssues)
        {
            w.WriteStartObject();
            w.WriteString("code", i.Code);
            w.WriteString("message", i.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePnl(Utf8JsonWriter w, PnlSection p)
    {
        w.WriteStartObject("pnl");
        Num(w, "gross_pnl_usd", p.GrossPnlUsd);
        Num(w, "realized_pnl_usd", p.RealizedPnlUsd);
        Num(w, "unrealized_pnl_usd", p.UnrealizedPnlUsd);
        Num(w, "fees_usd", p.FeesUsd);
        Num(w, "rebates_usd", p.RebatesUsd);
        Num(w, "rewards_usd", p.RewardsUsd);
        Num(w, "net_pnl_usd", p.NetPnlUsd);
        Num(w, "net_without_rewards_usd", p.NetWithoutRewardsUsd);
        w.WriteStartArray("reward_sources");
        foreach (var s in p.RewardSources)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteString("reward_source", p.RewardSource);
        w.WriteEndObject();
    }

    private static void WriteRewards(Utf8JsonWriter w, RewardsSection r)
    {
        w.WriteStartObject("rewards");
        w.WriteString("reward_source", r.RewardSource);
        w.WriteStartArray("by_market");
        foreach (var m in r.ByMarket)
        {
            w.WriteStartObject();
            w.WriteString("market_id", m.MarketId);
            Num(w, "reward_usd", m.RewardUsd);
            w.WriteNumber("samples", m.Samples);
            Num(w, "mean_share", m.MeanShare);
            w.WriteBoolean("book_fully_visible", m.BookFullyVisible);
            Num(w, "net_pnl_usd", m.NetPnlUsd);
            Num(w, "net_without_rewards_usd", m.NetWithoutRewardsUsd);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFees(Utf8JsonWriter w, FeesSection f)
    {
        w.WriteStartObject("fees");
        w.WriteString("fee_mode", f.FeeMode);
        Num(w, "taker_fees_usd", f.TakerFeesUsd);
        Num(w, "maker_fees_usd", f.MakerFeesUsd);
        Num(w, "rebates_usd", f.RebatesUsd);
        w.WriteEndObject();
    }

    private static void WriteExecution(Utf8JsonWriter w, ExecutionSection e)
    {
        w.WriteStartObject("execution");
        Num(w, "passive_fill_rate", e.PassiveFillRate);
        Num(w, "spread_crossed_rate", e.SpreadCrossedRate);
        WriteStats(w, "quote_slippage_pct", e.QuoteSlippagePct);
        WriteStats(w, "time_to_fill_sec", e.TimeToFillSec);
        WriteCounts(w, "pause_reasons", e.PauseReasons);
        WriteCounts(w, "invalid_snapshots", e.InvalidSnapshots);
        WriteCounts(w, "fetch_errors", e.FetchErrors);
        w.WriteEndObject();
    }

    private static void WriteInventory(Utf8JsonWriter w, InventorySection i)
    {
        w.WriteStartObject("inventory");
        Num(w, "avg_locked_usd", i.AvgLockedUsd);
        Num(w, "capital_utilization_pct", i.CapitalUtilizationPct);
        Num(w, "inventory_turnover", i.InventoryTurnover);
        w.WriteNumber("stuck_inventory_count", i.StuckInventoryCount);
        WriteStats(w, "time_in_inventory_sec", i.TimeInInventorySec);
        WriteAmounts(w, "max_inventory_held_by_market", i.MaxInventoryHeldByMarket);
        Num(w, "max_total_exposure_usd", i.MaxTotalExposureUsd);
        WriteAmounts(w, "max_inventory_drawdown_by_market", i.MaxInventoryDrawdownByMarket);
        Num(w, "max_drawdown_pct", i.MaxDrawdownPct);
        Num(w, "inventory_variance", i.InventoryVariance);
        w.WriteEndObject();
    }

    private static void WriteTop(Utf8JsonWriter w, IReadOnlyList<MarketSummary> top)
    {
        w.WriteStartArray("markets_top10");
        foreach (var m in top)
        {
            w.WriteStartObject();
            w.WriteString("market", m.Market);
            Num(w, "net_pnl_usd", m.NetPnlUsd);
            w.WriteNumber("fills", m.Fills);
            w.WriteNumber("orders", m.Orders);
            Num(w, "fill_rate", m.FillRate);
            Num(w, "avg_spread_pct", m.AvgSpreadPct);
            Num(w, "avg_depth", m.AvgDepth);
            Num(w, "max_inventory_held", m.MaxInventoryHeld);
            Num(w, "worst_tail_slippage", m.WorstTailSlippage);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteCurve(Utf8JsonWriter w, string name, IReadOnlyList<SeriesPoint> points)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
        {
            w.WriteStartArray();
            w.WriteStringValue(ReportFormat.Iso(p.Micros));
            if (p.Value is { } v)
            {
                w.WriteNumberValue(ReportFormat.Normalize(v));
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void WriteStats(Utf8JsonWriter w, string name, DistributionStats s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", s.Count);
        Num(w, "mean", s.Mean);
        Num(w, "p50", s.P50);
        Num(w, "p90", s.P90);
        Num(w, "p95", s.P95);
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
    }

    private static void WriteAmounts(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, decimal>> amounts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in amounts)
        {
            Num(w, k, v);
        }

        w.WriteEndObject();
    }

    internal static void Num(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, ReportFormat.Normalize(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    internal static void Num(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
