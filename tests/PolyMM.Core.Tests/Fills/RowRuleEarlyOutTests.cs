using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;

namespace PolyMM.Core.Tests.Fills;

/// <summary>
/// The per-row rules decide "no fill" early, from the print alone, before building an evaluation (RowRuleMatchingModel.RulesOut).
/// That shortcut must give the very answers the full evaluation gives: same filled or not, same shares and price.
/// </summary>
public sealed class RowRuleEarlyOutTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Models => new() { TouchFillModel.ModelName, TradeThroughFillModel.ModelName };

    [Theory]
    [MemberData(nameof(Models))]
    public void Match_RandomOrdersAndRows_SameAnswerAsTheFullEvaluation(string name)
    {
        // Arrange: prices on a 0.001 grid around the limit, plus a 1e-9 nudge sometimes (inside touch's tolerance), prints
        // missing, unchanged or new, with and without a trade time before or after the order went live.
        RowRuleMatchingModel model = name == TouchFillModel.ModelName ? new TouchFillModel() : new TradeThroughFillModel();
        var random = new SeededRandom(23);
        var fills = 0;
        var misses = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var side = random.NextDouble() < 0.5 ? Side.Buy : Side.Sell;
            var limit = 0.40m + (0.001m * (int)(random.NextDouble() * 200));
            var liveAt = T0.AddSeconds((int)(random.NextDouble() * 10));
            var order = new WorkingOrder(i, 0, side, limit, 20m, 0m, T0, liveAt);
            decimal? ltp = random.NextDouble() < 0.1 ? null : limit + (0.001m * ((int)(random.NextDouble() * 7) - 3)) + (random.NextDouble() < 0.2 ? 0.000000001m : 0m);
            decimal? previous = random.NextDouble() < 0.3 ? ltp : limit;
            DateTimeOffset? tradedAt = random.NextDouble() < 0.5 ? null : T0.AddSeconds((int)(random.NextDouble() * 10));
            var row = new Snapshot(T0.AddSeconds(20), 0.30m, 0.70m, 0.50m, 100m, 100m, ltp, LastTradeTs: tradedAt);
            var e = MarketEvent.TopOfBook(0, row, i);

            // Act
            var matched = model.Match(order, e, new MatchContext(row, previous, 0.01m, new OrderBook()));
            var full = model.Evaluate(new RestingOrderView(side, limit, 20m, liveAt), row, previous);

            // Assert
            Assert.Equal(full.Filled, matched.Filled);
            if (full.Filled)
            {
                Assert.Equal(20m, matched.Shares);
                Assert.Equal(full.Price, matched.Price);
                Assert.Equal(full.Reason, matched.Reason);
                fills++;
            }
            else
            {
                misses++;
            }
        }

        // Both answers occur often enough for the comparison to mean something.
        Assert.True(fills > 2_000 && misses > 2_000, $"fills {fills}, misses {misses}");
    }
}
