using System.Text.Json;
using PolyMM.Core.Economics;

namespace PolyMM.Reports.Analysis;

/// <summary>The report's <c>markouts</c>, <c>attribution</c> and <c>risk</c> objects (docs/data-dictionary.md#report-json), in that key order.</summary>
internal static class ReportJsonAttribution
{
    public static void Write(Utf8JsonWriter w, RunReport r)
    {
        var m = r.Markouts;
        w.WriteStartObject("markouts");
        w.WriteStartArray("horizons_sec");
        foreach (var h in m.HorizonsSec)
        {
            w.WriteNumberValue(h);
        }

        w.WriteEndArray();
        WriteMarkoutStats(w, m.Run);
        w.WriteStartArray("by_market");
        foreach (var s in m.ByMarket)
        {
            w.WriteStartObject();
            w.WriteString("market_id", s.MarketId);
            WriteMarkoutStats(w, s);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        var a = r.Attribution;
        w.WriteStartObject("attribution");
        WriteParts(w, a.Run);
        w.WriteNumber("adverse_selection_horizon_sec", a.AdverseHorizonSec);
        w.WriteStartArray("by_market");
        foreach (var (id, parts) in a.ByMarket)
        {
            w.WriteStartObject();
            w.WriteString("market_id", id);
            WriteParts(w, parts);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        var k = r.Risk;
        w.WriteStartObject("risk");
        ReportJsonWriter.Num(w, "return_on_bankroll_pct", k.ReturnOnBankrollPct);
        ReportJsonWriter.Num(w, "capital_used_usd", k.CapitalUsedUsd);
        w.WriteString("capital_used_source", k.CapitalUsedSource);
        ReportJsonWriter.Num(w, "return_on_capital_used_pct", k.ReturnOnCapitalUsedPct);
        w.WriteNumber("minute_returns", k.MinuteReturns);
        ReportJsonWriter.Num(w, "sharpe_annualized", k.SharpeAnnualized);
        ReportJsonWriter.Num(w, "sortino_annualized", k.SortinoAnnualized);
        w.WriteNumber("periods_per_year", RiskMath.MinutesPerYear);
        ReportJsonWriter.Num(w, "max_drawdown_pct", k.Drawdown.MaxDrawdownPct);
        ReportJsonWriter.Num(w, "max_drawdown_duration_sec", k.Drawdown.MaxDrawdownDurationSec);
        ReportJsonWriter.Num(w, "time_under_water_pct", k.Drawdown.TimeUnderWaterPct);
        w.WriteNumber("round_trips", k.RoundTrips);
        ReportJsonWriter.Num(w, "win_rate", k.WinRate);
        ReportJsonWriter.Num(w, "profit_factor", k.ProfitFactor);
        ReportJsonWriter.Num(w, "turnover_usd", k.TurnoverUsd);
        w.WriteEndObject();
    }

    private static void WriteMarkoutStats(Utf8JsonWriter w, MarkoutStats s)
    {
        w.WriteNumber("fills", s.Fills);
        w.WriteStartArray("known");
        foreach (var n in s.Known)
        {
            w.WriteNumberValue(n);
        }

        w.WriteEndArray();
        Values(w, "mean_per_share", s.MeanPerShare);
        Values(w, "total_usd", s.TotalUsd);
    }

    private static void WriteParts(Utf8JsonWriter w, PnlAttributionParts p)
    {
        ReportJsonWriter.Num(w, "spread_capture_usd", p.SpreadCaptureUsd);
        ReportJsonWriter.Num(w, "adverse_selection_usd", p.AdverseSelectionUsd);
        ReportJsonWriter.Num(w, "inventory_pnl_usd", p.InventoryPnlUsd);
        ReportJsonWriter.Num(w, "rewards_usd", p.RewardsUsd);
        ReportJsonWriter.Num(w, "rebates_usd", p.RebatesUsd);
        ReportJsonWriter.Num(w, "fees_usd", p.FeesUsd);
        ReportJsonWriter.Num(w, "net_pnl_usd", p.NetPnlUsd);
        ReportJsonWriter.Num(w, "gross_pnl_usd", p.GrossPnlUsd);
        w.WriteNumber("spread_unknown_fills", p.SpreadUnknownFills);
        w.WriteNumber("adverse_unknown_fills", p.AdverseUnknownFills);
    }

    private static void Values(Utf8JsonWriter w, string name, IReadOnlyList<decimal?> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (v is { } d)
            {
                w.WriteNumberValue(ReportFormat.Normalize(d));
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
    }
}
