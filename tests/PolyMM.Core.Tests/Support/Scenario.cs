using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;

namespace PolyMM.Core.Tests.Support;

/// <summary>
/// One generated step of a market's random walk. <see cref="Defect"/> 0–4 turns the row invalid
/// (missing bid, crossed, mid mismatch, repeated timestamp, zero book); anything else leaves it valid.
/// </summary>
internal readonly record struct StepSpec(int Move, int SpreadUnits, int LtpOffset, bool LtpMissing, int Defect, int JitterNanos = 0);

/// <summary>A market's walk: bid in units of <see cref="Grid"/>, LTP offsets in units of <see cref="LtpScale"/>.</summary>
internal sealed record MarketSpec(decimal Grid, int StartUnits, decimal LtpScale, IReadOnlyList<StepSpec> Steps)
{
    public List<Snapshot> Build()
    {
        var maxUnits = (int)(1m / Grid);
        var units = StartUnits;
        var rows = new List<Snapshot>(Steps.Count);
        var ts = Snap.T0;
        foreach (var st in Steps)
        {
            units = Math.Clamp(units + st.Move, 1, maxUnits - st.SpreadUnits - 1);
            var bid = units * Grid;
            var ask = bid + (st.SpreadUnits * Grid);
            decimal? ltp = st.LtpMissing ? null
                : Math.Clamp((st.LtpOffset <= 0 ? bid + (st.LtpOffset * LtpScale) : ask + (st.LtpOffset * LtpScale)) + (st.JitterNanos * 0.000000001m), 0m, 1m);
            var row = new Snapshot(ts, bid, ask, (bid + ask) / 2m, 500m, 700m, ltp);
            row = st.Defect switch
            {
                0 => row with { BestBid = null },
                1 => row with { BestBid = ask + Grid, MidPrice = (ask + Grid + ask) / 2m },
                2 => row with { MidPrice = row.MidPrice + 0.001m },
                3 => row with { Ts = rows.Count > 0 ? rows[^1].Ts : ts },
                4 => row with { BestBid = 0m, BestAsk = 0m, MidPrice = 0.000000001m },
                _ => row,
            };
            rows.Add(row);
            ts = ts.AddSeconds(2);
        }

        return rows;
    }

    public override string ToString() =>
        $"grid {Grid} start {StartUnits} ltpScale {LtpScale} steps [{string.Join(' ', Steps.Select(s => $"{s.Move}/{s.SpreadUnits}/{s.LtpOffset}{(s.JitterNanos != 0 ? "~" + s.JitterNanos.ToString(CultureInfo.InvariantCulture) : "")}{(s.LtpMissing ? "x" : "")}{(s.Defect < 5 ? "!" + s.Defect.ToString(CultureInfo.InvariantCulture) : "")}"))}]";
}

/// <summary>Which fill model a scenario runs, with its knobs.</summary>
/// <remarks><see cref="Model"/>: 0 touch, 1 probabilistic, 2 trade-through.</remarks>
internal sealed record FillSpec(int Model, bool PriceVariant, long Seed, double Alpha, double BaseLiquidity, double PMax, decimal Tick)
{
    public IFillModel Create() => Model switch
    {
        1 => new ProbabilisticFillModel(
            new ProbabilisticFillParams { Alpha = Alpha, BaseLiquidity = BaseLiquidity, PMax = PMax, TickSize = Tick, MidpointPrice = PriceVariant },
            new SeededRandom(Seed)),
        2 => new TradeThroughFillModel(),
        _ => new TouchFillModel(fillAtLtp: PriceVariant),
    };
}

/// <summary>A whole generated run: markets, engine options and fill model.</summary>
internal sealed record Scenario(IReadOnlyList<MarketSpec> Markets, EngineOptions Options, FillSpec Fill)
{
    public const decimal Bankroll = 1000m;

    public List<List<Snapshot>> Build() => [.. Markets.Select(m => m.Build())];

    public override string ToString() =>
        $"{Options.Quote} fee {Options.FeeBps} maxFills {Options.MaxFills}; {Fill}; markets:{Environment.NewLine}  " +
        string.Join(Environment.NewLine + "  ", Markets);
}

internal static class ScenarioGen
{
    private static Gen<decimal> Hundredths(int lo, int hi) => Gen.Choose(lo, hi).Select(x => x / 100m);

    private static readonly Gen<StepSpec> Step =
        from move in Gen.Choose(-3, 3)
        from spread in Gen.Choose(1, 4)
        from ltpOffset in Gen.Choose(-4, 4)
        from ltpMissing in Gen.Choose(0, 6).Select(x => x == 0)
        from defect in Gen.Choose(0, 39)
            // now and then a print 1e-9 off the grid: exactly the fill models' tolerance
        from jitter in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Choose(-1, 1)))
        select new StepSpec(move, spread, ltpOffset, ltpMissing, defect, jitter);

    private static readonly Gen<MarketSpec> Market =
        from grid in Gen.Elements(0.0001m, 0.0005m, 0.001m, 0.005m, 0.01m)
        from startPct in Gen.Choose(3, 97)
        from ltpScale in Gen.Elements(grid, 0.005m, 0.01m)
        from length in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(Step, length)
        select new MarketSpec(grid, (int)(startPct / 100m / grid), ltpScale, steps);

    private static readonly Gen<EngineOptions> Options =
        from tick in Gen.Elements(0.001m, 0.005m, 0.01m)
        from k in Gen.Choose(0, 3)
        from skew in Gen.Elements(0m, 0.5m, 1m, 2m)
        from maxSpread in Gen.Elements(0.05m, 0.2m, 1m)
        from quoteSize in Hundredths(50, 3000)
            // Caps as multiples of the quote size, so runs reach them (and sit exactly at them) often.
        from totalMultiple in Hundredths(50, 1500)
        from perMarketMultiple in Hundredths(50, 600)
        from maxHold in Gen.Choose(1, 60)
        from round in Gen.Elements(false, true)
        from feeBps in Gen.Choose(0, 100).Select(x => x / 10m)
        from maxFills in Gen.Frequency((4, Gen.Constant(0L)), (1, Gen.Choose(1, 20).Select(x => (long)x)))
        select new EngineOptions
        {
            Quote = new QuoteParams
            {
                TickSize = tick,
                KTicks = k,
                SkewTicks = skew,
                MaxSpreadPct = maxSpread,
                QuoteSizeUsd = quoteSize,
                MaxExposureUsd = Math.Round(quoteSize * totalMultiple, 2),
                MaxPerMarketExposureUsd = Math.Round(quoteSize * perMarketMultiple, 2),
                MaxHoldTimeSec = maxHold,
                RoundToTick = round,
            },
            FeeBps = feeBps,
            MaxFills = maxFills,
        };

    private static Gen<FillSpec> Fill(decimal tick) =>
        from prob in Gen.Elements(0, 1, 2)
        from variant in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from alpha in Gen.Choose(1, 300).Select(x => x / 100.0)
        from baseLiq in Gen.Choose(1, 100).Select(x => x / 100.0)
        from pMax in Gen.Choose(1, 100).Select(x => x / 100.0)
        select new FillSpec(prob, variant, seed, alpha, baseLiq, pMax, tick);

    public static readonly Gen<Scenario> Scenario =
        from count in Gen.Choose(1, 4)
        from markets in Gen.ArrayOf(Market, count)
        from options in Options
        from fill in Fill(options.Quote.TickSize)
        select new Scenario(markets, options, fill);
}
