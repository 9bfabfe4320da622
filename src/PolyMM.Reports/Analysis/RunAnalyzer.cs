using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolyMM.Core.Fills;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;
using PolyMM.Ledger.Sqlite;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// Analyses one run of the ledger (docs/data-dictionary.md#report-json), scoped by its run key and id: another run's rows are never
/// read. Orders and ticks are streamed once through a <see cref="SqliteDataReader"/>; what is kept per row is
/// what the statistics need (slippages, time to fill, chart points), not the rows.
/// </summary>
public sealed class RunAnalyzer(LedgerStore store)
{
    public const int CurvePoints = 1000;
    public const int MarketSeriesPoints = 500;
    public const int MaxIntegrityIssues = 100;

    private static readonly HashSet<string> FillSources = new(StringComparer.Ordinal) { "limit", "ltp", "midpoint" };

    private readonly LedgerReader _reader = new(store);

    /// <summary>The report of <paramref name="runId"/>; a run without orders gets one too (0 orders, 0 fills).</summary>
    /// <exception cref="LedgerException">The run does not exist.</exception>
    public RunReport Analyze(string runId)
    {
        var run = _reader.Run(runId) ?? throw new LedgerException($"run {runId} not found in {store.Path}");
        var markets = _reader.Markets(run.RunKey);
        using var paramsDoc = JsonDocument.Parse(run.ParamsJson);
        var p = paramsDoc.RootElement;

        var ticks = ReadTicks(run.RunKey);
        var lastTickUs = ticks.Count > 0 ? ticks[^1].Micros : 0L;
        var eventStart = ParseMicros(run.EventStart) ?? (ticks.Count > 0 ? ticks[0].Micros : null);
        var eventEnd = ParseMicros(run.EventEnd) ?? (ticks.Count > 0 ? lastTickUs : null);

        var acc = markets.Select(m => new MarketAccumulator(m.Id)).ToArray();
        var stream = StreamOrders(run.RunKey, acc, eventEnd ?? lastTickUs);

        var fillFacts = _reader.Fills(run);
        var lots = _reader.Lots(run.RunId);
        var portfolio = _reader.Portfolio(run.RunId);
        var maxExposure = Dec(p, "max_exposure_usd") ?? decimal.MaxValue;
        var maxPerMarket = Dec(p, "max_per_market_exposure_usd") ?? decimal.MaxValue;
        var issues = TrustGates.Check(portfolio, fillFacts, lots, maxExposure, maxPerMarket,
            checkMarks: run.Status is RunStatus.Complete or RunStatus.Interrupted);

        var byId = acc.ToDictionary(a => a.MarketId, StringComparer.Ordinal);
        var replay = new InventoryReplay(decimal.MaxValue, decimal.MaxValue);
        var ordered = InventoryReplay.InEngineOrder(fillFacts, f => f.FillAt, f => f.Side, f => f.OrderId).ToList();
        foreach (var f in ordered)
        {
            replay.Apply(f.OrderId, f.MarketId, f.Side, f.Shares, f.Price);
        }

        foreach (var a in acc)
        {
            a.MaxHeld = replay.MaxByMarket.GetValueOrDefault(a.MarketId);
            a.MaxInventoryDrawdown = InventoryDrawdown(a, ordered.Where(f => f.MarketId == a.MarketId));
        }

        var lotStats = ReadLotStats(run.RunId, byId, eventEnd, Dec(p, "max_hold_time_sec"));
        var (rewards, rewardSources) = ReadRewards(run.RunId);
        var pnl = new PnlSection(portfolio.Realized, portfolio.Unrealized, portfolio.Fees, rewards, rewardSources);

        var truth = new TruthSection(stream.Truthful, stream.Fills, stream.Fills == 0 ? null : (double)stream.Truthful / stream.Fills,
            stream.NonFillSource, stream.MissingSnapshot, stream.SyntheticBook, issues.Count == 0, [.. issues.Take(MaxIntegrityIssues)]);

        using var statsDoc = JsonDocument.Parse(string.IsNullOrWhiteSpace(run.StatsJson) ? "{}" : run.StatsJson);
        var execution = new ExecutionSection(
            stream.Truthful == 0 ? null : 1d - ((double)stream.Crossed / stream.Truthful),
            stream.Truthful == 0 ? null : (double)stream.Crossed / stream.Truthful,
            DistributionStats.From(stream.Slippages),
            DistributionStats.From(stream.TimesToFill),
            Counts(statsDoc.RootElement, "pause_reasons"),
            Counts(statsDoc.RootElement, "invalid_snapshots"),
            Counts(statsDoc.RootElement, "fetch_errors"));

        var exposure = ticks.Select(t => new SeriesPoint(t.Micros, t.OpenCost)).ToList();
        var equity = ticks.Select(t => new SeriesPoint(t.Micros, t.Cash + t.OpenValue)).ToList();
        var avgLocked = SeriesMath.TimeWeightedAverage(exposure) is { } twa ? Math.Round(twa, 6, MidpointRounding.ToEven) : (decimal?)null;
        var inventory = new InventorySection(
            avgLocked,
            avgLocked is { } al && run.Bankroll > 0m ? (double)(al / run.Bankroll) : null,
            avgLocked is { } l && l > 0m ? (double)(lotStats.ClosedCost / l) : null,
            lotStats.Stuck,
            DistributionStats.From(lotStats.HeldSeconds),
            [.. acc.Select(a => KeyValuePair.Create(a.MarketId, a.MaxHeld))],
            replay.MaxTotal,
            [.. acc.Select(a => KeyValuePair.Create(a.MarketId, a.MaxInventoryDrawdown))],
            SeriesMath.MaxDrawdownFraction(equity.Select(e => e.Value ?? 0m)),
            SeriesMath.Variance([.. ticks.Select(t => (double)t.OpenCost)]));

        var top = acc
            .Select(a => new MarketSummary(a.MarketId, a.Realized + a.Unrealized - a.Fees, a.Fills, a.Orders,
                // A statistic in double; 10 decimals drop the binary noise ((0.5025 − 0.4975)/0.5 = 0.0099999999999999).
                a.SpreadCount == 0 ? null : Math.Round(a.SpreadSum / a.SpreadCount, 10),
                a.DepthCount == 0 ? null : a.DepthSum / a.DepthCount,
                a.MaxHeld,
                Quantiles.Linear([.. a.AbsSlippages.Order()], 0.95)))
            .OrderByDescending(m => m.NetPnlUsd).ThenBy(m => m.Market, StringComparer.Ordinal)
            .Take(10)
            .ToList();

        var quoteSize = Dec(p, "quote_size_usd") ?? 0m;
        return new RunReport
        {
            RunId = run.RunId,
            RunTag = run.RunTag,
            Status = run.Status,
            DataMode = run.DataMode,
            LedgerSchemaVersion = LedgerStore.SchemaVersion,
            Bankroll = run.Bankroll,
            ParamsJson = run.ParamsJson,
            StartedAt = run.StartedAt,
            EndedAt = run.EndedAt,
            ToolVersion = run.ToolVersion,
            StopReason = run.StopReason,
            EventStartMicros = eventStart,
            EventEndMicros = eventEnd,
            RuntimeSec = eventStart is { } s && eventEnd is { } e ? (e - s) / 1e6 : 0d,
            Orders = stream.Orders,
            Fills = stream.Fills,
            Truth = truth,
            Pnl = pnl,
            Execution = execution,
            Inventory = inventory,
            MarketsTop10 = top,
            EquityCurve = Downsampler.Downsample(equity, CurvePoints, x => x.Value),
            ExposureCurve = Downsampler.Downsample(exposure, CurvePoints, x => x.Value),
            Warnings = Warnings(run.Status, Str(p, "fill_model"), truth, pnl, execution, ticks, quoteSize * 2m * Math.Max(1, markets.Count)),
            MarketTitles = [.. markets.Select(m => KeyValuePair.Create(m.Id, m.Title))],
            MarketSeries = [.. acc.Select(a => a.ToSeries())],
        };
    }

    private static List<string> Warnings(string status, string? fillModel, TruthSection truth, PnlSection pnl, ExecutionSection ex, List<TickRow> ticks, decimal tradeValue)
    {
        var w = new List<string>();
        if (status != RunStatus.Complete)
        {
            w.Add($"run status is {status}, not complete; the report covers the run up to its last committed tick");
        }

        // touch (stored as strict before v2) fills on stale prints: its fills are an upper bound (docs/design.md#fill-models).
        if (fillModel is TouchFillModel.ModelName or TouchFillModel.LegacyName)
        {
            w.Add("optimistic fill model: touch fills on any print reaching the limit, including a stale one; fills and P&L are an upper bound");
        }

        if (!truth.ReconciliationPassed)
        {
            w.Add("reconciliation gate failed; report may be invalid");
        }

        if (ex.SpreadCrossedRate > 0.05)
        {
            w.Add("not passive market making: spread_crossed_rate > 5%");
        }

        if (ex.PassiveFillRate < 0.70)
        {
            w.Add("mostly taking liquidity: passive_fill_rate < 70%");
        }

        if (truth.TruthfulRate < 0.8)
        {
            w.Add("dataset too thin; rerun");
        }

        if (pnl.NetWithoutRewardsUsd < 0m && pnl.RewardSources.All(s => s == "unknown"))
        {
            w.Add("net_pnl_without_rewards negative and rewards unknown; unproven");
        }

        // Within one tick equity moves by fills (each at most one quote's value, a bid and an ask per market)
        // and by marks on what was held (at most the open value, marks being ≥ 0). More than that is a
        // ledger problem, not a market move.
        for (var i = 1; i < ticks.Count; i++)
        {
            var jump = Math.Abs(ticks[i].Cash + ticks[i].OpenValue - ticks[i - 1].Cash - ticks[i - 1].OpenValue);
            if (jump > tradeValue + ticks[i - 1].OpenValue + 0.000001m)
            {
                w.Add("equity curve jump exceeds expected trade value; check reconciliation");
                break;
            }
        }

        return w;
    }

    private StreamTotals StreamOrders(long runKey, MarketAccumulator[] acc, long endUs)
    {
        using var cmd = store.Command();
        cmd.CommandText = """
            SELECT o.market_idx, o.side, o.limit_price, o.sent_us, o.s_bid, o.s_ask, o.s_mid, o.s_dbid, o.s_dask, o.closed_us,
                   f.seq, f.fill_us, f.fill_price, f.f_bid, f.f_ask, f.f_mid, f.f_src, f.price_src, f.fee, o.seq
            FROM orders o LEFT JOIN fills f ON f.run_key = o.run_key AND f.seq = o.seq
            WHERE o.run_key = $k ORDER BY o.seq, f.fill_id
            """;
        cmd.Parameters.AddWithValue("$k", runKey);
        var t = new StreamTotals();
        using var r = cmd.ExecuteReader();
        long? lastSeq = null;
        while (r.Read())
        {
            var m = acc[r.GetInt32(0)];
            var side = (Side)r.GetInt32(1);
            var sent = r.GetInt64(3);
            var filled = !r.IsDBNull(10);
            var seq = r.GetInt64(19);
            if (seq != lastSeq)
            {
                // The order's own statistics once; each of its fills below (an order may have several).
                lastSeq = seq;
                var limit = (decimal)r.GetDouble(2);
                var sBid = Real(r, 4);
                var sAsk = Real(r, 5);
                var sMid = Real(r, 6);
                t.Orders++;
                m.Orders++;
                if (sBid is { } b && sAsk is { } a && sMid is { } mid && mid > 0d)
                {
                    m.SpreadSum += (a - b) / mid;
                    m.SpreadCount++;
                }

                if (Real(r, 7) is { } db && Real(r, 8) is { } da)
                {
                    m.DepthSum += db + da;
                    m.DepthCount++;
                }

                if (sMid is { } sm)
                {
                    m.Mid.Add(new SeriesPoint(sent, (decimal)sm));
                }

                var end = !r.IsDBNull(9) ? r.GetInt64(9) : filled ? r.GetInt64(11) : endUs;
                (side == Side.Buy ? m.BidQuotes : m.AskQuotes).Add(new Quote(sent, end, limit));
            }

            if (!filled)
            {
                continue;
            }

            t.Fills++;
            m.Fills++;
            var fillUs = r.GetInt64(11);
            var price = (decimal)r.GetDouble(12);
            var fBid = Real(r, 13);
            var fAsk = Real(r, 14);
            var fMid = Real(r, 15);
            m.Fees += (decimal)r.GetDouble(18);
            m.FillPoints.Add(new FillPoint(fillUs, side, price));
            if (fMid is { } fm)
            {
                m.Mid.Add(new SeriesPoint(fillUs, (decimal)fm));
            }

            if (!FillSources.Contains(r.GetString(17)))
            {
                t.NonFillSource++;
                continue;
            }

            if (fBid is not { } fb || fAsk is not { } fa || fMid is not { } fmid || fmid <= 0d)
            {
                t.MissingSnapshot++;
                continue;
            }

            if (r.GetInt32(16) != 0)
            {
                t.SyntheticBook++;
                continue;
            }

            t.Truthful++;
            // Ratios of exact decimal prices, converted to double once: (0.48 − 0.5)/0.5 is −0.04, not −0.04000000000000004.
            var px = (double)price;
            var slip = (double)((price - (decimal)fmid) / (decimal)fmid);
            t.Slippages.Add(slip);
            m.AbsSlippages.Add(Math.Abs(slip));
            t.TimesToFill.Add((fillUs - sent) / 1e6);
            var crossed = side == Side.Buy ? px >= fa - 1e-9 : px <= fb + 1e-9;
            if (crossed)
            {
                t.Crossed++;
            }
        }

        return t;
    }

    private List<TickRow> ReadTicks(long runKey)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT ts_us, cash, open_value, open_cost FROM ticks WHERE run_key = $k ORDER BY tick";
        cmd.Parameters.AddWithValue("$k", runKey);
        using var r = cmd.ExecuteReader();
        var list = new List<TickRow>();
        while (r.Read())
        {
            list.Add(new TickRow(r.GetInt64(0), (decimal)r.GetDouble(1), (decimal)r.GetDouble(2), (decimal)r.GetDouble(3)));
        }

        return list;
    }

    private LotStats ReadLotStats(string runId, Dictionary<string, MarketAccumulator> byId, long? endUs, decimal? maxHoldSec)
    {
        using var cmd = store.Command();
        cmd.CommandText = """
            SELECT market, timestamp, closed_at, status, shares, price, realized_pnl, current_price
            FROM trades WHERE run_id = $id ORDER BY id
            """;
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        var stats = new LotStats();
        while (r.Read())
        {
            var m = byId.GetValueOrDefault(r.GetString(0));
            var opened = ParseMicros(r.GetString(1)) ?? 0L;
            var shares = (decimal)r.GetDouble(4);
            var entry = (decimal)r.GetDouble(5);
            if (r.GetString(3) == "closed")
            {
                stats.ClosedCost += shares * entry;
                if (ParseMicros(r.IsDBNull(2) ? null : r.GetString(2)) is { } closed)
                {
                    stats.HeldSeconds.Add((closed - opened) / 1e6);
                }

                if (m is not null)
                {
                    m.Realized += r.IsDBNull(6) ? 0m : (decimal)r.GetDouble(6);
                }
                continue;
            }

            if (m is not null)
            {
                m.Unrealized += r.IsDBNull(7) ? 0m : shares * ((decimal)r.GetDouble(7) - entry);
            }
            if (endUs is { } end && maxHoldSec is { } hold && (end - opened) / 1_000_000m > hold)
            {
                stats.Stuck++;
            }
        }

        return stats;
    }

    private (decimal Total, List<string> Sources) ReadRewards(string runId)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT reward_usd, reward_source FROM market_making_rewards WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        var total = 0m;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        while (r.Read())
        {
            total += (decimal)r.GetDouble(0);
            sources.Add(r.GetString(1));
        }

        return (total, [.. sources]);
    }

    /// <summary>
    /// The worst mark-to-market loss of the market's open inventory (cost basis − shares × mid), over every
    /// mid the run saw in that market, with the fills applied in engine order up to that instant.
    /// </summary>
    private static decimal InventoryDrawdown(MarketAccumulator m, IEnumerable<FillFact> fills)
    {
        m.Mid.Sort((x, y) => x.Micros.CompareTo(y.Micros));
        var queue = new Queue<FillFact>(fills);
        var lots = new List<(decimal Shares, decimal Price)>();
        var head = 0;
        decimal shares = 0m, cost = 0m, worst = 0m;
        foreach (var point in m.Mid)
        {
            while (queue.Count > 0 && Micros(queue.Peek().FillAt) <= point.Micros)
            {
                var f = queue.Dequeue();
                if (f.Side == Side.Buy)
                {
                    lots.Add((f.Shares, f.Price));
                    shares += f.Shares;
                    cost += f.Shares * f.Price;
                    continue;
                }

                // FIFO, as the ledger closes lots.
                var left = f.Shares;
                while (left > 0m && head < lots.Count)
                {
                    var (s, px) = lots[head];
                    var take = Math.Min(s, left);
                    shares -= take;
                    cost -= take * px;
                    left -= take;
                    if (take == s)
                    {
                        head++;
                    }
                    else
                    {
                        lots[head] = (s - take, px);
                    }
                }
            }

            worst = Math.Max(worst, cost - (shares * (point.Value ?? 0m)));
        }

        return worst;
    }

    private static List<KeyValuePair<string, long>> Counts(JsonElement stats, string name)
    {
        var list = new List<KeyValuePair<string, long>>();
        if (stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var kv in obj.EnumerateObject())
            {
                if (kv.Value.TryGetInt64(out var n))
                {
                    list.Add(KeyValuePair.Create(kv.Name, n));
                }
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    private static long Micros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal? Dec(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;

    private static double? Real(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    internal static long? ParseMicros(string? iso) =>
        iso is not null && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10
            : null;

    private readonly record struct TickRow(long Micros, decimal Cash, decimal OpenValue, decimal OpenCost);

    private readonly record struct Quote(long Start, long End, decimal Price);

    private sealed class StreamTotals
    {
        public long Orders { get; set; }
        public long Fills { get; set; }
        public long Truthful { get; set; }
        public long NonFillSource { get; set; }
        public long MissingSnapshot { get; set; }
        public long SyntheticBook { get; set; }
        public long Crossed { get; set; }
        public List<double> Slippages { get; } = [];
        public List<double> TimesToFill { get; } = [];
    }

    private sealed class LotStats
    {
        public decimal ClosedCost { get; set; }
        public long Stuck { get; set; }
        public List<double> HeldSeconds { get; } = [];
    }

    private sealed class MarketAccumulator(string marketId)
    {
        public string MarketId { get; } = marketId;
        public long Orders { get; set; }
        public long Fills { get; set; }
        public decimal Fees { get; set; }
        public decimal Realized { get; set; }
        public decimal Unrealized { get; set; }
        public decimal MaxHeld { get; set; }
        public decimal MaxInventoryDrawdown { get; set; }
        public double SpreadSum { get; set; }
        public long SpreadCount { get; set; }
        public double DepthSum { get; set; }
        public long DepthCount { get; set; }
        public List<double> AbsSlippages { get; } = [];
        public List<SeriesPoint> Mid { get; } = [];
        public List<Quote> BidQuotes { get; } = [];
        public List<Quote> AskQuotes { get; } = [];
        public List<FillPoint> FillPoints { get; } = [];

        public MarketSeriesData ToSeries()
        {
            // Mid is sorted by InventoryDrawdown; one point per instant is enough for a chart.
            var mid = new List<SeriesPoint>(Mid.Count);
            foreach (var pt in Mid)
            {
                if (mid.Count == 0 || mid[^1].Micros != pt.Micros)
                {
                    mid.Add(pt);
                }
            }

            FillPoints.Sort((a, b) => a.Micros.CompareTo(b.Micros));
            return new MarketSeriesData(
                MarketId,
                Downsampler.Downsample(mid, MarketSeriesPoints, x => x.Value),
                Downsampler.Downsample(Steps(BidQuotes), MarketSeriesPoints, x => x.Value),
                Downsampler.Downsample(Steps(AskQuotes), MarketSeriesPoints, x => x.Value),
                Downsampler.Downsample(FillPoints, MarketSeriesPoints, x => x.Price));
        }

        /// <summary>
        /// Our quote on one side as a step series: its price from each order's send, and a null (no quote
        /// resting) at its end unless the next order on that side starts at that instant (a replacement).
        /// Orders of one side of one market never overlap, and seq order is send order.
        /// </summary>
        private static List<SeriesPoint> Steps(List<Quote> quotes)
        {
            var points = new List<SeriesPoint>(quotes.Count * 2);
            for (var i = 0; i < quotes.Count; i++)
            {
                var q = quotes[i];
                if (points.Count > 0 && points[^1].Micros == q.Start)
                {
                    points[^1] = new SeriesPoint(q.Start, q.Price);
                }
                else
                {
                    points.Add(new SeriesPoint(q.Start, q.Price));
                }

                if (i + 1 >= quotes.Count || quotes[i + 1].Start != q.End)
                {
                    points.Add(new SeriesPoint(q.End, null));
                }
            }

            return points;
        }
    }
}
