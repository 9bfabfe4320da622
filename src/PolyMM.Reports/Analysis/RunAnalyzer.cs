using System.Globalization;
using System.Text.Json;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// Analyses one run of the ledger (docs/data-dictionary.md#report-json), scoped by its run key and id: another run's rows are never
/// read. It reads only through <see cref="ILedgerReader"/> (docs/design.md#ledger-reader); orders are streamed once, and
/// what is kept per row is what the statistics need (slippages, time to fill, chart points), not the rows.
/// </summary>
public sealed class RunAnalyzer(ILedgerReader reader)
{
    public const int CurvePoints = 1000;
    public const int MarketSeriesPoints = 500;
    public const int MaxIntegrityIssues = 100;

    private static readonly HashSet<string> FillSources = new(StringComparer.Ordinal) { "limit", "ltp", "midpoint" };

    /// <summary>The report of <paramref name="runId"/>; a run without orders gets one too (0 orders, 0 fills).</summary>
    /// <remarks>A run that does not exist is the reader's one-line error.</remarks>
    public RunReport Analyze(string runId)
    {
        using var snapshot = reader.ReadSnapshot();
        var run = reader.RequireRun(runId);
        var markets = reader.Markets(run.RunKey);
        using var paramsDoc = JsonDocument.Parse(run.ParamsJson);
        var p = paramsDoc.RootElement;

        var ticks = reader.Ticks(run.RunKey);
        var lastTickUs = ticks.Count > 0 ? ticks[^1].Micros : 0L;
        var eventStart = ParseMicros(run.EventStart) ?? (ticks.Count > 0 ? ticks[0].Micros : null);
        var eventEnd = ParseMicros(run.EventEnd) ?? (ticks.Count > 0 ? lastTickUs : null);

        var acc = markets.Select(m => new MarketAccumulator(m.Id)).ToArray();
        var stream = StreamOrders(run.RunKey, acc, eventEnd ?? lastTickUs);

        List<FillFact> fillFacts = [.. reader.StreamFills(run)];
        List<LotFact> lots = [.. reader.StreamLots(run.RunId)];
        var portfolio = reader.Portfolio(run.RunId);
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
        var rewardSource = RewardSourceOf(rewardSources);
        var pnl = new PnlSection(portfolio.Realized, portfolio.Unrealized, portfolio.Fees, rewards, rewardSources)
        {
            RebatesUsd = acc.Sum(a => a.Rebates),
            RewardSource = rewardSource,
        };
        var rewardsSection = RewardsOf(run.RunKey, acc, rewardSource);
        var feesSection = new FeesSection(Str(p, "fee_mode") ?? Core.Economics.FillFees.FlatMode,
            acc.Sum(a => a.TakerFees), acc.Sum(a => a.Fees - a.TakerFees), pnl.RebatesUsd);

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
        // One pass over the equity for its drawdown: the inventory section and the risk section both report it.
        var drawdown = RiskMath.Drawdown(equity);
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
            drawdown.MaxDrawdownPct,
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
        var money = AttributionAnalysis.Build(reader, run, ordered,
            [.. acc.Select(a => new AttributionAnalysis.MarketMoney(a.MarketId, a.Realized + a.Unrealized, a.Fees, a.Rebates,
                rewardsSection.ByMarket.FirstOrDefault(r => r.MarketId == a.MarketId)?.RewardUsd ?? 0m))],
            pnl, equity, drawdown, eventStart, eventEnd, lots, statsDoc.RootElement, p, replay.MaxTotal);
        return new RunReport
        {
            RunId = run.RunId,
            RunTag = run.RunTag,
            Status = run.Status,
            DataMode = run.DataMode,
            LedgerSchemaVersion = reader.SchemaVersion,
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
            Rewards = rewardsSection,
            Fees = feesSection,
            Execution = execution,
            Inventory = inventory,
            MarketsTop10 = top,
            EquityCurve = Downsampler.Downsample(equity, CurvePoints, x => x.Value),
            ExposureCurve = Downsampler.Downsample(exposure, CurvePoints, x => x.Value),
            Markouts = money.Markouts,
            Attribution = money.Attribution,
            Risk = money.Risk,
            Warnings = [.. Warnings(run.Status, Str(p, "fill_model"), truth, pnl, execution, ticks, quoteSize * 2m * Math.Max(1, markets.Count)), .. money.Warnings],
            MarketTitles = [.. markets.Select(m => KeyValuePair.Create(m.Id, m.Title))],
            MarketSeries = [.. acc.Select(a => a.ToSeries())],
        };
    }

    private static List<string> Warnings(string status, string? fillModel, TruthSection truth, PnlSection pnl, ExecutionSection ex, IReadOnlyList<TickRow> ticks, decimal tradeValue)
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
        var t = new StreamTotals();
        long? lastSeq = null;
        foreach (var o in reader.OrdersWithFills(runKey))
        {
            var m = acc[o.MarketIndex];
            var side = o.Side;
            var sent = o.SentMicros;
            if (o.Seq != lastSeq)
            {
                // The order's own statistics once; each of its fills below (an order may have several).
                lastSeq = o.Seq;
                t.Orders++;
                m.Orders++;
                if (o.SentBid is { } b && o.SentAsk is { } a && o.SentMid is { } mid && mid > 0d)
                {
                    m.SpreadSum += (a - b) / mid;
                    m.SpreadCount++;
                }

                if (o.SentDepthBid is { } db && o.SentDepthAsk is { } da)
                {
                    m.DepthSum += db + da;
                    m.DepthCount++;
                }

                if (o.SentMid is { } sm)
                {
                    m.Mid.Add(new SeriesPoint(sent, (decimal)sm));
                }

                var end = o.ClosedMicros ?? o.FillMicros ?? endUs;
                (side == Side.Buy ? m.BidQuotes : m.AskQuotes).Add(new Quote(sent, end, o.LimitPrice));
            }

            if (o.FillId is null || o.FillMicros is not { } fillUs || o.FillPrice is not { } price)
            {
                continue;
            }

            t.Fills++;
            m.Fills++;
            var fBid = o.FillBid;
            var fAsk = o.FillAsk;
            var fMid = o.FillMid;
            m.Fees += o.Fee ?? 0m;
            m.Rebates += o.Rebate ?? 0m;
            if (o.FillIsMaker == false)
            {
                m.TakerFees += o.Fee ?? 0m;
            }
            m.FillPoints.Add(new FillPoint(fillUs, side, price));
            if (fMid is { } fm)
            {
                m.Mid.Add(new SeriesPoint(fillUs, (decimal)fm));
            }

            if (o.FillPriceSource is not { } source || !FillSources.Contains(source))
            {
                t.NonFillSource++;
                continue;
            }

            if (fBid is not { } fb || fAsk is not { } fa || fMid is not { } fmid || fmid <= 0d)
            {
                t.MissingSnapshot++;
                continue;
            }

            if (o.FillBookSource != 0)
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

    private LotStats ReadLotStats(string runId, Dictionary<string, MarketAccumulator> byId, long? endUs, decimal? maxHoldSec)
    {
        var stats = new LotStats();
        foreach (var lot in reader.LotRows(runId))
        {
            var m = byId.GetValueOrDefault(lot.MarketId);
            var opened = ParseMicros(lot.OpenedAt) ?? 0L;
            if (lot.Closed)
            {
                stats.ClosedCost += lot.Shares * lot.EntryPrice;
                if (ParseMicros(lot.ClosedAt) is { } closed)
                {
                    stats.HeldSeconds.Add((closed - opened) / 1e6);
                }

                if (m is not null)
                {
                    m.Realized += lot.RealizedPnl ?? 0m;
                }

                continue;
            }

            if (m is not null)
            {
                m.Unrealized += lot.CurrentPrice is { } mark ? lot.Shares * (mark - lot.EntryPrice) : 0m;
            }

            if (endUs is { } end && maxHoldSec is { } hold && (end - opened) / 1_000_000m > hold)
            {
                stats.Stuck++;
            }
        }

        return stats;
    }

    // One label for the run: an L1 estimate anywhere makes the whole estimate partial (docs/design.md#rewards).
    private static string RewardSourceOf(IReadOnlyList<string> sources) =>
        sources.Contains("estimated_q_score_l1") ? "estimated_q_score_l1"
        : sources.Contains("estimated_q_score") ? "estimated_q_score"
        : "unknown";

    /// <summary>Each sampled market's reward estimate from its per-minute samples, with its net P&amp;L with and without it.</summary>
    private RewardsSection RewardsOf(long runKey, MarketAccumulator[] acc, string source)
    {
        var usd = new decimal[acc.Length];
        var shares = new decimal[acc.Length];
        var samples = new long[acc.Length];
        var visible = new bool[acc.Length];
        Array.Fill(visible, true);
        foreach (var s in reader.RewardSamples(runKey))
        {
            if (s.MarketIndex < 0 || s.MarketIndex >= acc.Length)
            {
                continue;
            }

            usd[s.MarketIndex] += s.RewardUsd;
            shares[s.MarketIndex] += s.Share;
            samples[s.MarketIndex]++;
            visible[s.MarketIndex] &= s.BookFullyVisible;
        }

        var byMarket = new List<MarketReward>();
        for (var i = 0; i < acc.Length; i++)
        {
            if (samples[i] == 0)
            {
                continue;
            }

            var a = acc[i];
            var reward = Math.Round(usd[i], 6, MidpointRounding.ToEven);
            var without = a.Realized + a.Unrealized - a.Fees + a.Rebates;
            byMarket.Add(new MarketReward(a.MarketId, reward, samples[i], Math.Round(shares[i] / samples[i], 6, MidpointRounding.ToEven),
                visible[i], without + reward, without));
        }

        return new RewardsSection(source, byMarket);
    }

    private (decimal Total, List<string> Sources) ReadRewards(string runId)
    {
        var total = 0m;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in reader.Rewards(runId))
        {
            total += r.RewardUsd;
            sources.Add(r.Source);
        }

        return (total, [.. sources]);
    }

    /// <summary>
    /// The worst mark-to-market loss of the market's open inventory (cost basis − shares × mid), over every
    /// mid the run saw in that market, with the fills applied in engine order up to that instant. Lots are kept by
    /// the core's <see cref="Portfolio"/>, the one FIFO of the code base (docs/design.md#ledger); fees do not enter
    /// a cost basis, so they are not booked here.
    /// </summary>
    private static decimal InventoryDrawdown(MarketAccumulator m, IEnumerable<FillFact> fills)
    {
        m.Mid.Sort((x, y) => x.Micros.CompareTo(y.Micros));
        var queue = new Queue<FillFact>(fills);
        var book = new Portfolio(0m, 1);
        var worst = 0m;
        foreach (var point in m.Mid)
        {
            while (queue.Count > 0 && Micros(queue.Peek().FillAt) <= point.Micros)
            {
                var f = queue.Dequeue();
                if (f.Side == Side.Buy)
                {
                    if (f.Shares > 0m)
                    {
                        book.Buy(0, f.FillAt, f.Shares, f.Price, 0m, "limit");
                    }

                    continue;
                }

                // A sell beyond what is held is a trust-gate issue reported on its own; here it closes what there is.
                var take = Math.Min(f.Shares, book.SharesHeld(0));
                if (take > 0m)
                {
                    book.Sell(0, f.FillAt, take, f.Price, 0m, "limit", static _ => { });
                }
            }

            worst = Math.Max(worst, book.OpenCostOf(0) - (book.SharesHeld(0) * (point.Value ?? 0m)));
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

    internal static long? ParseMicros(string? iso) =>
        iso is not null && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10
            : null;

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
        public decimal TakerFees { get; set; }
        public decimal Rebates { get; set; }
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
        /// resting) at its end unless the next order on that side starts at or before that instant (a replacement; with a
        /// cancel latency the predecessor ends when its cancel takes effect, after its replacement was sent:
        /// docs/design.md#order-lifecycle). Seq order is send order.
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

                if (i + 1 >= quotes.Count || quotes[i + 1].Start > q.End)
                {
                    points.Add(new SeriesPoint(q.End, null));
                }
            }

            return points;
        }
    }
}
