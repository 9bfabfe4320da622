using System.Globalization;
using CsvHelper;
using PolyMM.Core.Ledger;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// The fills CSV (docs/data-dictionary.md#fills-csv): every fill of one run, one row each, in fill order — the 44 columns of
/// <c>execution_records</c> in the order below, then <see cref="TruthfulColumn"/> (1 for a truthful fill, the
/// same selection as the report's <c>truth.truthful_fills</c>; 0 for a fill on a synthetic book, without a
/// complete snapshot or without a fill-model price). An inventory replay needs every fill; statistics of
/// fill quality keep to the rows marked 1. RFC 4180 (CsvHelper), invariant culture, ISO-8601 UTC times;
/// rows are streamed.
/// </summary>
public static class FillsCsv
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "run_id", "run_tag", "order_id", "trade_id", "market_id", "market_slug", "side", "order_type", "qty_shares",
        "intended_limit_price", "time_in_force", "whale_signal_ts", "whale_entry_ref_price", "whale_ref_type",
        "our_decision_ts", "order_sent_ts", "exchange_ack_ts", "fill_ts", "best_bid", "best_ask", "mid_price",
        "spread_abs", "spread_pct", "depth_bid_1", "depth_ask_1", "depth_bid_2", "depth_ask_2", "last_trade_price",
        "fill_price", "entry_price_source", "current_price_source", "exit_price_source", "fill_price_source",
        "filled_shares", "fees_usd", "is_partial_fill", "fill_count", "latency_ms", "quote_slippage_pct",
        "half_spread_pct", "baseline_slippage_pct", "spread_crossed", "impact_proxy_pct", "liquidity_tier",
    ];

    /// <summary>The trailing column after the 44 of <see cref="Header"/>: 1 truthful, 0 not.</summary>
    public const string TruthfulColumn = "truthful";

    /// <summary>The header as written: <see cref="Header"/> then <see cref="TruthfulColumn"/>.</summary>
    public static IReadOnlyList<string> FileHeader { get; } = [.. Header, TruthfulColumn];

    /// <summary>Writes every fill of the run to <paramref name="path"/>; returns the rows and how many are truthful.</summary>
    public static (long Rows, long Truthful) Export(ILedgerReader reader, string runId, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long rows = 0, truthful = 0;
        // One snapshot whoever calls (docs/design.md#consistent-reads).
        using var snapshot = reader.ReadSnapshot();
        // Written beside the target and renamed into place (docs/design.md#atomic-outputs).
        Output.AtomicFile.Write(path, stream =>
        {
            using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Separator = ',' }, true);
            csv.WriteHeader([.. FileHeader]);
            foreach (var row in reader.FillsExport(runId, Header))
            {
                foreach (var cell in row)
                {
                    csv.WriteField(Text(cell));
                }

                csv.EndRecord();
                rows++;
                truthful += Convert.ToInt64(row[^1], CultureInfo.InvariantCulture);
            }
        });

        return (rows, truthful);
    }

    /// <summary>
    /// REAL values print through decimal rounded to 10 decimals: stored amounts have at most 6, so they print
    /// exactly (0.48, not 0.47999999999999998), and ratios the view derives in binary floating point print
    /// without its noise (spread 0.5025 − 0.4975 is 0.005, not 0.00499999999999995).
    /// </summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        double d when double.IsFinite(d) && Math.Abs(d) < 1e20 =>
            ReportFormat.Normalize(Math.Round((decimal)d, 10, MidpointRounding.ToEven)).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => Neutralize(s),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A text cell a spreadsheet would execute as a formula (first character <c>=</c>, <c>+</c>, <c>-</c>,
    /// <c>@</c>, tab or carriage return) gets a leading single quote, as OWASP recommends against CSV injection
    /// (docs/data-dictionary.md#fills-csv); so does a text cell already starting with a quote, which keeps the
    /// quoting reversible (<see cref="Restore"/>). Only text values reach this: numbers (a REAL or INTEGER
    /// column, −0.01 included) are printed by <see cref="Text"/> as numbers and never quoted.
    /// </summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? "'" + text : text;
    }

    /// <summary>The text a <see cref="Neutralize"/>d cell came from: one leading single quote removed.</summary>
    public static string Restore(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.StartsWith('\'') ? cell[1..] : cell;
    }
}
