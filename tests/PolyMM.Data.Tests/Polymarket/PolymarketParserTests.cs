using PolyMM.Core.Instruments;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class PolymarketParserTests
{
    // Shapes per docs/design.md#polymarket-wire-facts: arrays JSON-encoded inside strings, volume/liquidity as strings, numbers as numbers.
    private const string KeysetPage = """
        {"markets":[
          {"id":"700101","question":"Will the test pass?","conditionId":"0x1a2b000000000000000000000000000000000000000000000000000000000001",
           "slug":"will-the-test-pass","liquidity":"5120.33","volume":"88123.5","outcomes":"[\"Yes\", \"No\"]",
           "outcomePrices":"[\"0.615\", \"0.385\"]",
           "clobTokenIds":"[\"11118888222233334444555566667777888899990000111122223333444455556666\", \"99990000111122223333444455556666777788889999000011112222333344445555\"]",
           "active":true,"closed":false,"orderPriceMinTickSize":0.001,"orderMinSize":5,"rewardsMaxSpread":3.5,"bestBid":0.61,"bestAsk":0.62},
          {"id":"700102","question":"Plain arrays?","conditionId":"0x1a2b000000000000000000000000000000000000000000000000000000000002",
           "outcomes":["No","Yes"],"outcomePrices":[0.7,"0.3"],"clobTokenIds":["222","333"],"closed":"false"}
        ],"next_cursor":"MTAw"}
        """;

    [Fact]
    public void ParseGammaKeysetPage_StringEncodedArrays_ReadsMarketsAndCursor()
    {
        var result = PolymarketParser.ParseGammaKeysetPage(KeysetPage);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("MTAw", result.Value.NextCursor);
        var m = result.Value.Markets[0];
        Assert.Equal("0x1a2b000000000000000000000000000000000000000000000000000000000001", m.Id);
        Assert.Equal("700101", m.GammaId);
        Assert.Equal(["Yes", "No"], m.Outcomes);
        Assert.True(m.IsBinary);
        Assert.Equal(0.615m, m.YesPrice);
        Assert.Equal("11118888222233334444555566667777888899990000111122223333444455556666", m.YesTokenId);
        Assert.False(m.Closed);
        Assert.StartsWith("{\"id\":\"700101\"", m.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseGammaKeysetPage_PlainArraysAndYesSecond_UsesYesIndex()
    {
        var m = PolymarketParser.ParseGammaKeysetPage(KeysetPage).Value!.Markets[1];

        Assert.Equal(1, m.YesIndex);
        Assert.Equal("333", m.YesTokenId);
        Assert.Equal(0.3m, m.YesPrice);
        Assert.False(m.Closed);
    }

    [Fact]
    public void ParseGammaKeysetPage_WithoutRawText_StillReadsOrderMinSize()
    {
        // Polled online runs drop the raw object text; the minimum order size is read anyway (docs/design.md#quoting).
        var markets = PolymarketParser.ParseGammaKeysetPage(KeysetPage, keepRaw: false).Value!.Markets;

        Assert.Equal((5m, 5m, ""), (markets[0].OrderMinSize, markets[0].MinOrderSize, markets[0].Raw));
        Assert.Equal((null, 0m), (markets[1].OrderMinSize, markets[1].MinOrderSize));
    }

    [Theory]
    [InlineData("\"5\"", "5")]
    [InlineData("2.5", "2.5")]
    [InlineData("\"five\"", "0")]
    [InlineData("-1", "0")]
    [InlineData("null", "0")]
    [InlineData("{}", "0")]
    public void ParseGammaKeysetPage_OrderMinSizeShapes_UsableOrNoMinimumNeverABadPage(string value, string expected)
    {
        var body = "{\"markets\":[{\"id\":\"1\",\"conditionId\":\"0xc\",\"orderMinSize\":" + value + "}]}";

        var result = PolymarketParser.ParseGammaKeysetPage(body);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Value.Markets[0].MinOrderSize);
    }

    [Fact]
    public void ParseGammaKeysetPage_WithoutRawText_StillReadsRewardTermsAndFeeSchedule()
    {
        // Polled online runs keep no raw text (docs/design.md#online-data); the terms are read at parse time. Rewards: 3.5 cents
        // = 0.035 in price units, min size 50, daily rate 10 + 2.5 = 12.5 (Σ clobRewards). Fees as stated: 0.04, 1, 0.25.
        const string Body = """
            {"markets":[{"id":"1","conditionId":"0xc1","rewardsMaxSpread":"3.5","rewardsMinSize":50,
              "clobRewards":[{"rewardsDailyRate":10},{"rewardsDailyRate":"2.5"}],
              "feesEnabled":true,"feeSchedule":{"rate":0.04,"exponent":1,"takerOnly":true,"rebateRate":0.25}},
             {"id":"2","conditionId":"0xc2"}]}
            """;

        var markets = PolymarketParser.ParseGammaKeysetPage(Body, keepRaw: false).Value!.Markets;

        Assert.Equal("", markets[0].Raw);
        Assert.Equal(new RewardTerms(0.035m, 50m, 12.5m), markets[0].Economics.Rewards);
        Assert.Equal(new FeeSchedule(0.04m, 1m, 0.25m), markets[0].Economics.Fees);
        Assert.Equal((null, null), (markets[0].Economics.RewardsProblem, markets[0].Economics.FeesProblem));
        Assert.Same(MarketEconomics.None, markets[1].Economics);
    }

    [Fact]
    public void ParseGammaLegacyPage_FeesDisabledWithoutSchedule_KnownZeroSchedule()
    {
        // docs/design.md#fees: feesEnabled false and no feeSchedule is a fee-free market (rate 0), not "no schedule".
        var m = PolymarketParser.ParseGammaLegacyPage("""[{"id":"1","feesEnabled":false}]""", keepRaw: false).Value!.Markets[0];

        Assert.Equal(new FeeSchedule(0m, 1m, 0m), m.Economics.Fees);
        Assert.Null(m.Economics.Rewards);
    }

    [Theory]
    [InlineData("\"rewardsMaxSpread\":\"wide\",\"rewardsMinSize\":50,\"clobRewards\":[{\"rewardsDailyRate\":10}]", "rewardsMaxSpread")]
    [InlineData("\"rewardsMaxSpread\":{},\"rewardsMinSize\":50,\"clobRewards\":[{\"rewardsDailyRate\":10}]", "rewardsMaxSpread")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":50", "clobRewards")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":50,\"clobRewards\":\"x\"", "clobRewards")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":50,\"clobRewards\":[7]", "clobRewards[0]")]
    [InlineData("\"rewardsMaxSpread\":0,\"rewardsMinSize\":50,\"clobRewards\":[{\"rewardsDailyRate\":10}]", "max spread")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":-1,\"clobRewards\":[{\"rewardsDailyRate\":10}]", "min size")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":50,\"clobRewards\":[{\"rewardsDailyRate\":79228162514264337593543950335},{\"rewardsDailyRate\":79228162514264337593543950335}]", "out of range")]
    [InlineData("\"rewardsMaxSpread\":1e400,\"rewardsMinSize\":50,\"clobRewards\":[{\"rewardsDailyRate\":10}]", "rewardsMaxSpread")]
    public void ParseGammaKeysetPage_OddRewardFields_NoTermsWithAReasonNeverABadPage(string fields, string reasonMentions)
    {
        var body = "{\"markets\":[{\"id\":\"1\",\"conditionId\":\"0xc\"," + fields + "}]}";

        var result = PolymarketParser.ParseGammaKeysetPage(body, keepRaw: false);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var economics = result.Value.Markets[0].Economics;
        Assert.Null(economics.Rewards);
        Assert.Contains(reasonMentions, economics.RewardsProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"feeSchedule\":{\"rate\":0.04}", "exponent")]
    [InlineData("\"feeSchedule\":{\"rate\":\"high\",\"exponent\":1,\"rebateRate\":0.25}", "rate")]
    [InlineData("\"feeSchedule\":{\"rate\":-0.04,\"exponent\":1,\"rebateRate\":0.25}", "fee rate")]
    [InlineData("\"feeSchedule\":{\"rate\":0.04,\"exponent\":1,\"rebateRate\":1.5}", "rebate rate")]
    [InlineData("\"feeSchedule\":[1,2],\"feesEnabled\":true", "no feeSchedule")]
    [InlineData("\"feeSchedule\":\"0.04\"", "no feeSchedule")]
    public void ParseGammaKeysetPage_OddFeeFields_NoScheduleWithAReasonNeverABadPage(string fields, string reasonMentions)
    {
        var body = "{\"markets\":[{\"id\":\"1\",\"conditionId\":\"0xc\"," + fields + "}]}";

        var result = PolymarketParser.ParseGammaKeysetPage(body, keepRaw: false);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var economics = result.Value.Markets[0].Economics;
        Assert.Null(economics.Fees);
        Assert.Contains(reasonMentions, economics.FeesProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"markets":[]}""")]
    [InlineData("""{"markets":[],"next_cursor":""}""")]
    [InlineData("""{"markets":[],"next_cursor":null}""")]
    public void ParseGammaKeysetPage_LastPage_HasNoCursor(string body)
    {
        var result = PolymarketParser.ParseGammaKeysetPage(body);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value.NextCursor);
    }

    [Theory]
    [InlineData("""{"markets":[{"id":"1","outcomes":"[\"Yes\", \"N""")]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("""{"markets":[{"id":"1","outcomes":"not json"}]}""")]
    [InlineData("""{"markets":[{"question":"no id"}]}""")]
    public void ParseGammaKeysetPage_MalformedBody_ReturnsBadJson(string body)
    {
        var result = PolymarketParser.ParseGammaKeysetPage(body);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.BadJson, result.Error.Kind);
        Assert.True(result.Error.IsTransient);
    }

    [Fact]
    public void ParseGammaLegacyPage_BareArray_ReadsMarkets()
    {
        var result = PolymarketParser.ParseGammaLegacyPage("""[{"id":"sample-mkt-1","question":"Q","outcomePrices":["0.5","0.5"]}]""");

        Assert.True(result.IsSuccess);
        Assert.Equal("sample-mkt-1", result.Value.Markets[0].Id);
        Assert.True(result.Value.Markets[0].IsBinary);
        Assert.Null(result.Value.Markets[0].YesTokenId);
    }

    [Fact]
    public void ParseBook_BidsAscendingAsksDescending_BestIsMaxBidAndMinAsk()
    {
        const string body = """
            {"market":"0x1a2b","asset_id":"1111","timestamp":"1770343768142","hash":"0c4f0e9ad3a4b5c6d7e8f90a1b2c3d4e5f607182",
             "bids":[{"price":"0.01","size":"25000"},{"price":"0.45","size":"310.5"},{"price":"0.48","size":"120"}],
             "asks":[{"price":"0.99","size":"9000"},{"price":"0.55","size":"80"},{"price":"0.52","size":"64.25"}],
             "min_order_size":"5","tick_size":"0.01","neg_risk":false,"last_trade_price":"0.50"}
            """;

        var result = PolymarketParser.ParseBook(body);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var book = result.Value;
        Assert.Equal(new BookLevel(0.48m, 120m), book.BestBid);
        Assert.Equal(new BookLevel(0.52m, 64.25m), book.BestAsk);
        Assert.Equal(0.50m, book.LastTradePrice);
        Assert.Equal(0.01m, book.TickSize);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1770343768142), book.Timestamp);
        Assert.Equal(body, book.Raw);
    }

    [Fact]
    public void ParseBook_EmptySidesNumericTimestampNoLtp_ParsesAsEmpty()
    {
        var result = PolymarketParser.ParseBook("""{"market":"0x1","asset_id":"1","timestamp":1770343768142,"bids":[],"asks":[],"last_trade_price":""}""");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Null(result.Value.BestBid);
        Assert.Null(result.Value.BestAsk);
        Assert.Null(result.Value.LastTradePrice);
        Assert.NotNull(result.Value.Timestamp);
    }

    [Theory]
    [InlineData("""{"asset_id":"1","bids":[{"price":"1.7","size":"1"}],"asks":[]}""")]
    [InlineData("""{"asset_id":"1","bids":[{"price":"0.4"}],"asks":[]}""")]
    [InlineData("""{"asset_id":"1","bids":[{"price":"0.4","size":"-3"}],"asks":[]}""")]
    [InlineData("""{"asset_id":"1","bids":[{"price":"abc","size":"1"}],"asks":[]}""")]
    [InlineData("""{"bids":[],"asks":[]}""")]
    [InlineData("""{"market":"0x3f","asset_id":"1234","bids":[{"price":"0.4""")]
    public void ParseBook_CorruptBook_ReturnsBadJsonNotClamped(string body)
    {
        var result = PolymarketParser.ParseBook(body);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.BadJson, result.Error.Kind);
    }

    [Fact]
    public void ParseBooks_Array_KeepsEachRawBook()
    {
        var result = PolymarketParser.ParseBooks("""[{"asset_id":"1","bids":[],"asks":[]},{"asset_id":"2","bids":[],"asks":[{"price":"0.6","size":"5"}]}]""");

        Assert.True(result.IsSuccess);
        Assert.Equal(["1", "2"], result.Value.Select(b => b.TokenId));
        Assert.Equal("""{"asset_id":"2","bids":[],"asks":[{"price":"0.6","size":"5"}]}""", result.Value[1].Raw);
    }

    [Theory]
    [InlineData("""{"price":"0.12","side":"BUY"}""", "0.12")]
    [InlineData("""{"price":0.12,"side":"SELL"}""", "0.12")]
    [InlineData("""{"price":"0","side":""}""", null)]
    public void ParseLastTrade_StringNumberOrNoTrade_ReadsPrice(string body, string? expected)
    {
        var result = PolymarketParser.ParseLastTrade(body);

        Assert.True(result.IsSuccess);
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Value.Price);
    }

    [Theory]
    [InlineData("0.001", "3.5", "200")]
    [InlineData("\"0.001\"", "\"3.5\"", "\"200\"")]
    public void ParseClobMarket_NumbersOrStrings_ReadsTickAndRewards(string tick, string maxSpread, string minSize)
    {
        var body = $$"""
            {"enable_order_book":true,"active":true,"closed":false,"accepting_orders":true,"minimum_order_size":5,
             "minimum_tick_size":{{tick}},"condition_id":"0xabc1","question":"Q?","neg_risk":false,
             "rewards":{"rates":[{"asset_address":"0x00000000000000000000000000000000000000aa","rewards_daily_rate":10}],"min_size":{{minSize}},"max_spread":{{maxSpread}}},
             "tokens":[{"token_id":"123","outcome":"Yes","price":0.0445,"winner":false},{"token_id":"456","outcome":"No","price":"0.9555","winner":false}]}
            """;

        var result = PolymarketParser.ParseClobMarket(body);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(0.001m, result.Value.MinimumTickSize);
        Assert.Equal(3.5m, result.Value.RewardsMaxSpreadCents);
        Assert.Equal(200m, result.Value.RewardsMinSize);
        Assert.Equal(10m, result.Value.RewardsDailyRate);
        Assert.Equal([new ClobToken("123", "Yes", 0.0445m), new ClobToken("456", "No", 0.9555m)], result.Value.Tokens);
    }

    [Theory]
    [InlineData("1770343768142", 1770343768142L)]
    [InlineData("1770343768", 1770343768000L)]
    [InlineData("2026-02-06T02:09:28.142Z", 1770343768142L)]
    public void ParseBookTimestamp_EpochMsSecondsOrIso_ReadsInstant(string text, long expectedMs)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMs), PolymarketParser.ParseBookTimestamp(text));
    }
}
