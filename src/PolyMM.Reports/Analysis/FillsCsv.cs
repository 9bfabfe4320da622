using System.Globalization;
using CsvHelper;
using PolyMM.Core.Economics;
using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// The fills CSV (docs/data-dictionary.md#fills-csv): every fill of one run, one row each, in fill order — the 44 columns of
/// <c>execution_records</c> in the order below, then <see cref="TruthfulColumn"/> (1 for a truthful fill, the
/// same selection as the report's <c>truth.truthful_fills</c>; 0 for a fill on a synthetic book, without a
/// complete snapshot or without a fill-model price), then <see cref="AnalysisColumns"/> (running position and markouts).
/// An inventory replay needs every fill; statistics of fill quality keep to the rows marked 1. RFC 4180 (CsvHelper), invariant culture, ISO-8601 UTC times;
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

    /// <summary>
    /// The columns after <see cref="TruthfulColumn"/> (docs/data-dictionary.md#fills-csv): the market's shares held after
    /// this fill, then the fill's per-share markout at +1, +10, +60 and +300 s (empty where unknown).
    /// </summary>
    public static IReadOnlyList<string> AnalysisColumns { get; } = ["position_shares", "markout_1s", "markout_10s", "markout_60s", "markout_300s"];

    /// <summary>The header as written: <see cref="Header"/>, <see cref="TruthfulColumn"/>, then <see cref="AnalysisColumns"/>.</summary>
    public static IReadOnlyList<string> FileHeader { get; } = [.. Header, TruthfulColumn, .. AnalysisColumns];

    private static readonly int MarketColumn = IndexOf("market_id");
    private static readonly int SideColumn = IndexOf("side");
    private static readonly int FillTsColumn = IndexOf("fill_ts");
    private static readonly int PriceColumn = IndexOf("fill_price");
    private static readonly int SharesColumn = IndexOf("filled_shares");

    /// <summary>Writes every fill of the run to <paramref name="path"/>; returns the rows and how many are truthful.</summary>
    public static (long Rows, long Truthful) Export(ILedgerReader reader, string runId, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long rows = 0, truthful = 0;
        // One snapshot whoever calls (docs/design.md#consistent-reads).
        using var snapshot = reader.ReadSnapshot();
        var position = new RunningPosition(reader, runId);
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

                foreach (var cell in position.Next(row))
                {
                    csv.WriteField(cell);
                }

                csv.EndRecord();
                rows++;
                truthful += Convert.ToInt64(row[^1], CultureInfo.InvariantCulture);
            }
        });

        return (rows, truthful);
    }

    private static int IndexOf(string column)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (Header[i] == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"fills CSV header lacks {column}");
    }

    private static decimal? Decimal(object? cell) => cell switch
    {
        double d when double.IsFinite(d) => (decimal)d,
        long l => l,
        _ => null,
    };

    /// <summary>
    /// The analysis columns of each row, in fill order: shares held in the row's market after its fill (buys add, sells
    /// subtract) and its markouts against the run's marks, read once (docs/analysis.md#markouts).
    /// </summary>
    private sealed class RunningPosition
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<MarkSample>[] _marks;
        private readonly decimal[] _held;
        private readonly DateTimeOffset _end;

        public RunningPosition(ILedgerReader reader, string runId)
        {
            var run = reader.RequireRun(runId);
            var markets = reader.Markets(run.RunKey);
            _marks = new List<MarkSample>[markets.Count];
            _held = new decimal[markets.Count];
            for (var i = 0; i < markets.Count; i++)
            {
                _index[markets[i].Id] = i;
                _marks[i] = [];
            }

            var last = DateTimeOffset.MinValue;
            foreach (var m in reader.StreamMarks(run.RunKey))
            {
                if (m.MarketIndex >= 0 && m.MarketIndex < _marks.Length)
                {
                    _marks[m.MarketIndex].Add(m);
                    last = m.Ts;
                }
            }

            _end = RunAnalyzer.ParseMicros(run.EventEnd) is { } us ? new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (us * 10), TimeSpan.Zero) : last;
        }

        public string?[] Next(object?[] row)
        {
            var cells = new string?[AnalysisColumns.Count];
            if (row[MarketColumn] is not string id || !_index.TryGetValue(id, out var m)
                || Decimal(row[SharesColumn]) is not { } shares || Decimal(row[PriceColumn]) is not { } price
                || row[FillTsColumn] is not string ts
                || !DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return cells;
            }

            var side = row[SideColumn] as string == "SELL" ? Core.Quoting.Side.Sell : Core.Quoting.Side.Buy;
            _held[m] += side == Core.Quoting.Side.Buy ? shares : -shares;
            cells[0] = ReportFormat.Normalize(_held[m]).ToString(CultureInfo.InvariantCulture);
            var markouts = Markouts.ComputeOne(new MarkoutFill(at, side, price, shares), _marks[m], Markouts.DefaultHorizons, _end);
            for (var h = 0; h < markouts.PerShare.Count; h++)
            {
                cells[h + 1] = markouts.PerShare[h] is { } v ? ReportFormat.Normalize(v).ToString(CultureInfo.InvariantCulture) : null;
            }

            return cells;
        }
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
