using PolyMM.Core.Instruments;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class EconomicsParserTests
{
    // A Gamma market as markets.json holds it (trimmed): max spread in cents, the daily rate in clobRewards.
    private const string GammaMarket = """
        {"id":"700101","conditionId":"0x4319","rewardsMinSize":100,"rewardsMaxSpread":3.5,
         "clobRewards":[{"id":"103219","conditionId":"0x4319","assetAddress":"0xC011","rewardsAmount":0,"rewardsDailyRate":10,
                         "startDate":"2026-03-15","endDate":"2500-12-31"}],
         "feesEnabled":true,"feeSchedule":{"rate":0.04,"exponent":1,"takerOnly":true,"rebateRate":0.25}}
        """;

    [Fact]
    public void ParseGammaRewards_MarketsJsonShape_ReadsTermsInPriceUnits()
    {
        var terms = EconomicsParser.ParseGammaRewards(GammaMarket);

        // 3.5 cents = 0.035 in price units.
        Assert.True(terms.IsKnown, terms.NoEstimateReason);
        Assert.Equal(new RewardTerms(0.035m, 100m, 10m), terms.Value);
    }

    [Fact]
    public void ParseGammaFeeSchedule_MarketsJsonShape_ReadsRateExponentAndRebate()
    {
        var fees = EconomicsParser.ParseGammaFeeSchedule(GammaMarket);

        Assert.Equal(new FeeSchedule(0.04m, 1m, 0.25m), fees.Value);
    }

    [Fact]
    public void ParseGammaFeeSchedule_StringNumbers_AreRead()
    {
        var fees = EconomicsParser.ParseGammaFeeSchedule("""{"feeSchedule":{"rate":"0.25","exponent":"2","rebateRate":"0.2"}}""");

        Assert.Equal(new FeeSchedule(0.25m, 2m, 0.2m), fees.Value);
    }

    [Theory]
    [InlineData("""{"feeSchedule":{"rate":0.04,"exponent":1}}""", "feeSchedule.rebateRate missing")]
    [InlineData("""{"feeSchedule":{"exponent":1,"rebateRate":0.25}}""", "feeSchedule.rate missing")]
    [InlineData("""{"feeSchedule":{"rate":-0.04,"exponent":1,"rebateRate":0.25}}""", "fee rate must be >= 0")]
    [InlineData("""{"feeSchedule":{"rate":"abc","exponent":1,"rebateRate":0.25}}""", "feeSchedule.rate: not a decimal")]
    [InlineData("""{"feesEnabled":true}""", "no feeSchedule in the market (feesEnabled: true)")]
    [InlineData("""{"id":"1"}""", "no feeSchedule in the market")]
    [InlineData("""{"feeSchedule":""", "not valid JSON")]
    public void ParseGammaFeeSchedule_MissingOrNegativeTerm_IsNoEstimateWithAReason(string json, string fragment)
    {
        var fees = EconomicsParser.ParseGammaFeeSchedule(json);

        Assert.False(fees.IsKnown);
        Assert.Contains(fragment, fees.NoEstimateReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseGammaFeeSchedule_FeesDisabledWithoutSchedule_IsAKnownFeeFreeMarket()
    {
        var fees = EconomicsParser.ParseGammaFeeSchedule("""{"feesEnabled":false}""");

        Assert.Equal(new FeeSchedule(0m, 1m, 0m), fees.Value);
    }

    [Theory]
    [InlineData("""{"rewardsMinSize":100,"rewardsMaxSpread":3.5}""", "no clobRewards")]
    [InlineData("""{"rewardsMinSize":100,"rewardsMaxSpread":3.5,"clobRewards":[]}""", "no clobRewards")]
    [InlineData("""{"rewardsMaxSpread":3.5,"clobRewards":[{"rewardsDailyRate":10}]}""", "market.rewardsMinSize missing")]
    [InlineData("""{"rewardsMinSize":100,"rewardsMaxSpread":3.5,"clobRewards":[{"id":"1"}]}""", "clobRewards[0].rewardsDailyRate missing")]
    [InlineData("""{"rewardsMinSize":100,"rewardsMaxSpread":0,"clobRewards":[{"rewardsDailyRate":10}]}""", "max spread must be > 0")]
    [InlineData("""{"rewardsMinSize":-5,"rewardsMaxSpread":3.5,"clobRewards":[{"rewardsDailyRate":10}]}""", "min size must be >= 0")]
    [InlineData("""{"rewardsMinSize":100,"rewardsMaxSpread":3.5,"clobRewards":[{"rewardsDailyRate":-1}]}""", "daily rate must be >= 0")]
    public void ParseGammaRewards_MissingOrNegativeTerm_IsNoEstimateWithAReason(string json, string fragment)
    {
        var terms = EconomicsParser.ParseGammaRewards(json);

        Assert.False(terms.IsKnown);
        Assert.Contains(fragment, terms.NoEstimateReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseClobRewards_MarketBody_SumsTheDailyRates()
    {
        // Two reward assets: 10 + 2.5 = 12.5 a day; max spread 3.5 cents, min size 200 (strings and numbers mixed).
        const string body = """
            {"condition_id":"0xa467","rewards":{"rates":[{"asset_address":"0x1","rewards_daily_rate":10},
                                                        {"asset_address":"0x2","rewards_daily_rate":"2.5"}],
                                               "min_size":200,"max_spread":"3.5"}}
            """;

        var terms = EconomicsParser.ParseClobRewards(body);

        Assert.Equal(new RewardTerms(0.035m, 200m, 12.5m), terms.Value);
    }

    [Fact]
    public void ParseClobRewards_NullRates_IsNoEstimate()
    {
        var terms = EconomicsParser.ParseClobRewards("""{"rewards":{"rates":null,"min_size":200,"max_spread":3.5}}""");

        Assert.Contains("no rates", terms.NoEstimateReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseRewardsMarket_CurrentRewardsItem_ReadsRatePerDay()
    {
        const string item = """
            {"condition_id":"0x4319","question":"Q?","market_slug":"q","event_slug":"e","rewards_max_spread":4,"rewards_min_size":50,
             "tokens":[{"token_id":"1","outcome":"Yes","price":0.5}],
             "rewards_config":[{"asset_address":"0xC011","start_date":"2026-09-01","end_date":"2500-12-31","rate_per_day":25,"total_rewards":0}]}
            """;

        var terms = EconomicsParser.ParseRewardsMarket(item);

        Assert.Equal(new RewardTerms(0.04m, 50m, 25m), terms.Value);
    }
}
