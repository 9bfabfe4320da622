using System.Globalization;
using System.Text.Json;
using PolyMM.Core.Economics;
using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// The report's markouts, P&amp;L attribution, risk and return and their warnings (docs/analysis.md#pnl-attribution),
/// from one pass over the run's marks and the fills the analyzer already holds: no query per fill.
/// </summary>
public static class AttributionAnalysis
{
    /// <summary>A market's gross P&amp;L (realized + unrealized of its lots) and fees, in run market order.</summary>
    public readonly record struct MarketMoney(string MarketId, decimal GrossPnlUsd, decimal FeesUsd, decimal RebatesUsd, decimal RewardsUsd);

    public sealed record Result(MarkoutSection Markouts, AttributionSection Attribution, RiskSection Risk, IReadOnlyList<string> Warnings);

    public const double SharpeWarningAbove = 10d;
    public const long FewFills = 5;
    public const double CapBindingAbove = 0.5;

    public static Result Build(
        ILedgerReader reader,
        RunRow run,
        IReadOnlyList<FillFact> fillsInEngineOrder,
        IReadOnlyList<MarketMoney> markets,
        PnlSection pnl,
        IReadOnlyList<SeriesPoint> equity,
        DrawdownStats drawdown,
        long? eventStartMicros,
        long? eventEndMicros,
        IReadOnlyList<LotFact> lots,
        JsonElement stats,
        JsonElement parameters,
        decimal maxOpenCostUsd)
    {
        var horizons = Markouts.DefaultHorizons;
        var marks = MarksByMarket(reader.StreamMarks(run.RunKey), markets.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < markets.Count; i++)
        {
            index[markets[i].MarketId] = i;
        }

        var fills = new List<MarkoutFill>[markets.Count];
        for (var i = 0; i < fills.Length; i++)
        {
            fills[i] = [];
        }

        decimal turnover = 0m;
        long buys = 0, sells = 0;
        foreach (var f in fillsInEngineOrder)
        {
            turnover += f.Notional;
            if (f.Side == Side.Buy)
            {
                buys++;
            }
            else
            {
                sells++;
            }

            if (index.TryGetValue(f.MarketId, out var m))
            {
                fills[m].Add(new MarkoutFill(f.FillAt, f.Side, f.Price, f.Shares));
            }
        }

        // A horizon past the run's last event time is unknown: the data says nothing about the mark after it.
        var end = eventEndMicros is { } e ? FromMicros(e) : DateTimeOffset.MaxValue;
        var perMarket = new IReadOnlyList<FillMarkouts>[markets.Count];
        for (var i = 0; i < markets.Count; i++)
        {
            perMarket[i] = Markouts.Compute(fills[i], marks[i], horizons, end);
        }

        var all = perMarket.SelectMany(x => x).ToList();
        var markouts = new MarkoutSection(
            [.. horizons.Select(h => (int)h.TotalSeconds)],
            MarkoutStats.From(null, all, horizons.Count),
            [.. markets.Select((mm, i) => MarkoutStats.From(mm.MarketId, perMarket[i], horizons.Count))]);

        var adverse = PnlAttribution.DefaultAdverseHorizon;
        var attribution = new AttributionSection(
            (int)horizons[adverse].TotalSeconds,
            PnlAttribution.Attribute(pnl.GrossPnlUsd, all, adverse, pnl.RewardsUsd, pnl.RebatesUsd, pnl.FeesUsd),
            [.. markets.Select((mm, i) => KeyValuePair.Create(mm.MarketId,
                PnlAttribution.Attribute(mm.GrossPnlUsd, perMarket[i], adverse, mm.RewardsUsd, mm.RebatesUsd, mm.FeesUsd)))]);

        var risk = Risk(run, pnl, equity, drawdown, eventStartMicros, eventEndMicros, lots, stats, maxOpenCostUsd, turnover);
        var warnings = Warnings(risk, fillsInEngineOrder.Count, buys, sells, stats, parameters);
        return new Result(markouts, attribution, risk, warnings);
    }

    private static RiskSection Risk(
        RunRow run, PnlSection pnl, IReadOnlyList<SeriesPoint> equity, DrawdownStats drawdown, long? startUs, long? endUs, IReadOnlyList<LotFact> lots,
        JsonElement stats, decimal maxOpenCostUsd, decimal turnover)
    {
        var net = pnl.NetPnlUsd;
        var (capital, source) = Dec(stats, "max_committed_usd") is { } committed
            ? (committed, "max_committed_usd")
            : (maxOpenCostUsd, "max_total_exposure_usd");
        var returns = startUs is { } s && endUs is { } en ? RiskMath.MinuteReturns(equity, run.Bankroll, s, en) : [];

        long trips = 0, wins = 0;
        decimal won = 0m, lost = 0m;
        foreach (var lot in lots)
        {
            if (!lot.Closed)
            {
                continue;
            }

            trips++;
            var r = lot.RealizedPnl ?? 0m;
            if (r > 0m)
            {
                wins++;
                won += r;
            }
            else
            {
                lost -= r;
            }
        }

        return new RiskSection(
            run.Bankroll > 0m ? (double)(net / run.Bankroll) : null,
            capital,
            source,
            capital > 0m ? (double)(net / capital) : null,
            returns.Count,
            RiskMath.Sharpe(returns),
            RiskMath.Sortino(returns),
            drawdown,
            trips,
            trips > 0 ? (double)wins / trips : null,
            lost > 0m ? (double)(won / lost) : null,
            turnover);
    }

    /// <summary>The warnings of implausible results (docs/analysis.md#attribution-warnings).</summary>
    public static List<string> Warnings(RiskSection risk, long fills, long buys, long sells, JsonElement stats, JsonElement parameters)
    {
        var w = new List<string>();
        if (risk.SharpeAnnualized > SharpeWarningAbove)
        {
            w.Add("implausible Sharpe > 10: a short or quiet run annualises a few per-minute returns; do not read it as skill");
        }

        if (fills is > 0 and <= FewFills)
        {
            w.Add(string.Create(CultureInfo.InvariantCulture, $"profit and loss rest on {fills} fill(s) (5 or fewer); too few to judge the strategy"));
        }

        // The engine counts a bid blocked by a cap once per quoted snapshot (runs.stats.pause_reasons.exposure_cap).
        var snapshots = Long(stats, "snapshots");
        var capped = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("pause_reasons", out var pr)
            ? Long(pr, QuoteReasons.ExposureCap) ?? 0
            : 0;
        if (snapshots is > 0 && (double)capped / snapshots.Value > CapBindingAbove)
        {
            w.Add(string.Create(CultureInfo.InvariantCulture,
                $"exposure cap blocked the bid on {capped} of {snapshots} snapshots (> 50%); the run measures the cap more than the strategy"));
        }

        if (Dec(parameters, "k_ticks") == 0m && buys > 0 && sells == 0)
        {
            w.Add(string.Create(CultureInfo.InvariantCulture,
                $"baseline (k_ticks = 0) bought {buys} time(s) and never sold; its result is marked inventory, not captured spread"));
        }

        return w;
    }

    private static List<MarkSample>[] MarksByMarket(IEnumerable<MarkSample> marks, int markets)
    {
        var byMarket = new List<MarkSample>[markets];
        for (var i = 0; i < markets; i++)
        {
            byMarket[i] = [];
        }

        // By time then market (docs/data-dictionary.md#marks): each market's list comes out sorted by time.
        foreach (var m in marks)
        {
            if (m.MarketIndex >= 0 && m.MarketIndex < markets)
            {
                byMarket[m.MarketIndex].Add(m);
            }
        }

        return byMarket;
    }

    private static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    private static decimal? Dec(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;

    private static long? Long(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
