using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;

namespace PolyMM.FakeVenue.Tests;

/// <summary>The real client against the fake venue over loopback HTTP: no mocks between them.</summary>
public sealed class PolymarketClientVenueTests : IDisposable
{
    private readonly FixtureBuilder _fixture = FixtureBuilder.Standard();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task DiscoverMarketsAsync_KeysetPageSizeClampedToThree_WalksEveryPageAndFindsEveryMarket()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write(), PageSize: 3));
        var client = Client(venue);

        var result = await client.DiscoverMarketsAsync(CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(_fixture.Markets.Select(m => m.Key).Order(), result.Value.Select(m => m.Id).Order());
        // 12 markets at 3 per page = 4 pages; the 4th has no next_cursor, so exactly 4 requests.
        Assert.Equal(4, venue.Stats.Requests);
        Assert.All(result.Value, m => Assert.True(m.IsBinary));
        Assert.All(result.Value, m => Assert.Equal(venue.TokensOf(m.Id).Yes, m.YesTokenId));
    }

    [Fact]
    public async Task DiscoverMarketsAsync_KeysetAnswers404_FallsBackToLegacyOffsetPages()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write(), PageSize: 5) { DisableKeyset = true });
        var client = Client(venue, new PolymarketOptions { PageSize = 5 });

        var result = await client.DiscoverMarketsAsync(CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(12, result.Value.Count);
        // 1 keyset 404 + legacy pages at offsets 0, 5, 10, 15 (the empty page ends the walk).
        Assert.Equal(5, venue.Stats.Requests);
        Assert.Equal(0, client.Errors.Total); // a handled fallback is not a fetch error
    }

    [Fact]
    public async Task DiscoverMarketsAsync_KeysetAndLegacyAnswer404_ReturnsApiMovedError()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write()) { DisableKeyset = true, DisableLegacyList = true });
        var client = Client(venue);

        var result = await client.DiscoverMarketsAsync(CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.ApiMoved, result.Error.Kind);
        Assert.Contains("may have moved", result.Error.Message, StringComparison.Ordinal);
        Assert.False(result.Error.IsTransient);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DiscoverMarketsAsync_TokenIdsAsStringOrPlainArray_BothParse(bool plainArray)
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write()) { PlainArrayTokenIds = plainArray });
        var client = Client(venue);

        var result = await client.DiscoverMarketsAsync(CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.All(result.Value, m =>
        {
            var (yes, no) = venue.TokensOf(m.Id);
            Assert.Equal([yes, no], m.ClobTokenIds);
        });
        Assert.Contains(plainArray ? "\"clobTokenIds\":[\"" : "\"clobTokenIds\":\"[", result.Value[0].Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchTickAsync_DecoyLevelsListedFirst_ReturnsRealTopOfBookLineByLine()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write()));
        var client = Client(venue);
        var markets = (await client.DiscoverMarketsAsync(CancellationToken.None)).Value!;

        for (var tick = 0; tick < 3; tick++)
        {
            var results = await client.FetchTickAsync(markets, CancellationToken.None);

            foreach (var r in results)
            {
                Assert.True(r.Result.IsSuccess, r.Result.Error?.ToString());
                var line = _fixture.Markets.Single(m => m.Key == r.MarketId).Lines[tick];
                var s = r.Result.Value.Snapshot;
                Assert.Equal(BookSource.Clob, s.BookSource);
                Assert.Equal(line.Bid, s.BestBid);
                Assert.Equal(line.Ask, s.BestAsk);
                Assert.Equal(line.DepthBid, s.DepthBid1);
                Assert.Equal(line.DepthAsk, s.DepthAsk1);
                Assert.Equal((line.Bid + line.Ask) / 2m, s.MidPrice);
                Assert.Equal(line.Ltp, s.LastTradePrice);
                Assert.Equal(line.Ts, s.Ts);
                Assert.NotEqual(0.01m, s.BestBid);
                Assert.NotEqual(0.99m, s.BestAsk);
                Assert.StartsWith("{\"market\":", r.Result.Value.RawBook, StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, client.Errors.Total);
    }

    [Fact]
    public async Task FetchSnapshotAsync_PastLastLine_HoldsLastLine()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write()));
        var client = Client(venue);
        var market = (await client.DiscoverMarketsAsync(CancellationToken.None)).Value![0];

        Snapshot last = default;
        for (var i = 0; i < 25; i++)
        {
            last = (await client.FetchSnapshotAsync(market, CancellationToken.None)).Value!.Snapshot;
        }

        var lines = _fixture.Markets.Single(m => m.Key == market.Id).Lines;
        Assert.Equal(lines[^1].Ts, last.Ts);
        Assert.Equal(lines[^1].Bid, last.BestBid);
    }

    [Fact]
    public async Task FetchSnapshotAsync_BookMissingBidSide_FallsBackToGammaPriceAndIsMarked()
    {
        using var fx = new FixtureBuilder();
        fx.Add(new FixtureMarket("0xaa01", true, true, GammaYes: 0.42m,
            [new FixtureLine(FixtureBuilder.T0, Bid: null, Ask: 0.45m, DepthBid: null, DepthAsk: 50m, Ltp: 0.41m)]));
        await using var venue = await StartAsync(new VenueOptions(fx.Write()));
        var client = Client(venue);
        var market = (await client.DiscoverMarketsAsync(CancellationToken.None)).Value!.Single();

        var s = (await client.FetchSnapshotAsync(market, CancellationToken.None)).Value!.Snapshot;

        Assert.Equal(BookSource.GammaFallback, s.BookSource);
        Assert.Equal(0.42m, s.BestBid);
        Assert.Equal(0.42m, s.BestAsk);
        Assert.Equal(0.42m, s.MidPrice);
        Assert.Null(s.DepthBid1);
        Assert.Null(s.DepthAsk1);
        Assert.Equal(0.41m, s.LastTradePrice);
    }

    [Fact]
    public async Task FetchSnapshotAsync_SpreadOverHalfOfReference_FallsBackToGammaPrice()
    {
        using var fx = new FixtureBuilder();
        // (0.80 − 0.20) / 0.50 = 120 % of the reference mid > 50 %.
        fx.Add(new FixtureMarket("0xaa02", true, false, GammaYes: 0.5m,
            [new FixtureLine(FixtureBuilder.T0, 0.20m, 0.80m, 10m, 10m, 0.5m)]));
        await using var venue = await StartAsync(new VenueOptions(fx.Write()));
        var client = Client(venue);
        var market = (await client.DiscoverMarketsAsync(CancellationToken.None)).Value!.Single();

        var s = (await client.FetchSnapshotAsync(market, CancellationToken.None)).Value!.Snapshot;

        Assert.Equal(BookSource.GammaFallback, s.BookSource);
        Assert.Equal(0.5m, s.BestBid);
        Assert.Equal(0.5m, s.BestAsk);
    }

    [Fact]
    public async Task FetchSnapshotAsync_NoGammaPriceAndBookWithoutAsks_FallsBackToLastTradeEndpoint()
    {
        using var fx = new FixtureBuilder();
        // No outcomePrices and no mid in the line: the only reference is the LTP, which the book omits when
        // the line has none, so here it comes from the book's last_trade_price.
        fx.Add(new FixtureMarket("0xaa03", true, false, GammaYes: null,
            [new FixtureLine(FixtureBuilder.T0, 0.30m, Ask: null, 10m, null, Ltp: 0.33m)]));
        await using var venue = await StartAsync(new VenueOptions(fx.Write()));
        var client = Client(venue);
        var market = (await client.DiscoverMarketsAsync(CancellationToken.None)).Value!.Single();
        Assert.Null(market.YesPrice);

        var s = (await client.FetchSnapshotAsync(market, CancellationToken.None)).Value!.Snapshot;

        Assert.Equal(BookSource.LtpFallback, s.BookSource);
        Assert.Equal(0.33m, s.MidPrice);
        Assert.Equal(0.33m, s.LastTradePrice);
    }

    [Fact]
    public async Task FetchTickAsync_ServerErrorsWithRetries_CountsEveryFailedAttempt()
    {
        var dir = _fixture.Write();
        await using var clean = await StartAsync(new VenueOptions(dir));
        var markets = (await Client(clean).DiscoverMarketsAsync(CancellationToken.None)).Value!;
        await using var faulty = await StartAsync(new VenueOptions(dir, Fault500: 0.3, Seed: 3));
        var client = Client(faulty, new PolymarketOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        for (var tick = 0; tick < 10; tick++)
        {
            await client.FetchTickAsync(markets, CancellationToken.None);
        }

        // A 500 that a retry recovered from is still a 500 the venue sent: each one is counted.
        Assert.True(faulty.Stats.Faults500 > 0);
        Assert.Equal(faulty.Stats.Faults500, client.Errors[FetchErrorKinds.Http5xx]);
    }

    [Fact]
    public async Task FetchTickAsync_TwentyPercentFaults_NeverThrowsAndCountsEachKind()
    {
        var dir = _fixture.Write();
        await using var clean = await StartAsync(new VenueOptions(dir));
        var markets = (await Client(clean).DiscoverMarketsAsync(CancellationToken.None)).Value!;
        await using var faulty = await StartAsync(new VenueOptions(dir, Fault429: 0.07, Fault500: 0.07, FaultGarbage: 0.06, Seed: 7));
        var time = new FakeTimeProvider();
        var client = Client(faulty, new PolymarketOptions { MaxRetries = 0 }, time);

        var ok = 0;
        var failed = 0;
        for (var tick = 0; tick < 30; tick++)
        {
            var results = await client.FetchTickAsync(markets, CancellationToken.None);
            ok += results.Count(r => r.Result.IsSuccess);
            failed += results.Count(r => !r.Result.IsSuccess);
            time.Advance(TimeSpan.FromSeconds(2)); // past every Retry-After: 1
        }

        var stats = faulty.Stats;
        Assert.Equal(30 * markets.Count, ok + failed);
        Assert.True(ok > failed, $"ok {ok}, failed {failed}");
        Assert.True(stats.Faults429 > 0 && stats.Faults500 > 0 && stats.FaultsGarbage > 0);
        // Every injected fault reached the client as exactly one counted error of its kind.
        Assert.Equal(stats.Faults429, client.Errors[FetchErrorKinds.Http429]);
        Assert.Equal(stats.Faults500, client.Errors[FetchErrorKinds.Http5xx]);
        Assert.Equal(stats.FaultsGarbage, client.Errors[FetchErrorKinds.BadJson]);
        Assert.True(client.Errors[FetchErrorKinds.Cooldown] > 0, "a 429 should make the client rest the host");
    }

    [Fact]
    public async Task FetchTickAsync_Transient500s_AreRetriedToSuccess()
    {
        var dir = _fixture.Write();
        await using var clean = await StartAsync(new VenueOptions(dir));
        var markets = (await Client(clean).DiscoverMarketsAsync(CancellationToken.None)).Value!;
        await using var faulty = await StartAsync(new VenueOptions(dir, Fault500: 0.2, Seed: 3));
        var client = Client(faulty, new PolymarketOptions { MaxRetries = 5, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        // A tick is one POST /books (plus per-market fallbacks), so take enough ticks to meet some 500s.
        var ticks = new List<IReadOnlyList<MarketTickResult>>();
        for (var i = 0; i < 20; i++)
        {
            ticks.Add(await client.FetchTickAsync(markets, CancellationToken.None));
        }

        Assert.True(faulty.Stats.Faults500 > 0);
        // A request fails only if six attempts in a row meet a 500: 0.2^6 ≈ 6e-5 each.
        Assert.All(ticks.SelectMany(t => t), r => Assert.True(r.Result.IsSuccess, r.Result.Error?.ToString()));
    }

    [Fact]
    public async Task GetBookAsync_After429_ReturnsRetryAfterAndRestsHostUntilItPasses()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write(), Fault429: 1.0));
        var time = new FakeTimeProvider();
        var client = Client(venue, time: time);
        var token = venue.TokensOf(_fixture.Markets[0].Key).Yes;

        var first = await client.GetBookAsync(token, CancellationToken.None);
        var second = await client.GetBookAsync(token, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.5));
        var third = await client.GetBookAsync(token, CancellationToken.None);

        Assert.Equal(FetchErrorKinds.Http429, first.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Error.RetryAfter);
        Assert.Equal(FetchErrorKinds.Cooldown, second.Error!.Kind);
        Assert.Equal(FetchErrorKinds.Http429, third.Error!.Kind);
        Assert.Equal(2, venue.Stats.Requests); // the cooled-down call never left the client
    }

    [Fact]
    public async Task GetBooksAsync_YesAndNoTokens_NoBookIsComplementOfYes()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write()));
        var client = Client(venue);
        var line = _fixture.Markets[0].Lines[0];
        var (yes, no) = venue.TokensOf(_fixture.Markets[0].Key);

        var result = await client.GetBooksAsync([yes, no], CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var yesBook = result.Value.Single(b => b.TokenId == yes);
        var noBook = result.Value.Single(b => b.TokenId == no);
        Assert.Equal(line.Bid, yesBook.BestBid!.Value.Price);
        Assert.Equal(0.01m, yesBook.Bids[0].Price); // decoy first, real best last
        Assert.Equal(line.Bid, yesBook.Bids[^1].Price);
        Assert.Equal(0.99m, yesBook.Asks[0].Price);
        Assert.Equal(line.Ask, yesBook.Asks[^1].Price);
        Assert.Equal(1m - line.Ask, noBook.BestBid!.Value.Price);
        Assert.Equal(1m - line.Bid, noBook.BestAsk!.Value.Price);
        Assert.Equal(line.Ts, yesBook.Timestamp);
    }

    [Fact]
    public async Task GetClobMarketAsync_KnownConditionId_ReturnsTokensTickAndRewards()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write()));
        var client = Client(venue);
        var key = _fixture.Markets[0].Key;

        var result = await client.GetClobMarketAsync(key, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(key, result.Value.ConditionId);
        Assert.Equal([venue.TokensOf(key).Yes, venue.TokensOf(key).No], result.Value.Tokens.Select(t => t.TokenId));
        Assert.Equal(0.001m, result.Value.MinimumTickSize);
        Assert.Equal(3.5m, result.Value.RewardsMaxSpreadCents);
        Assert.Equal(100m, result.Value.RewardsMinSize);
    }

    [Fact]
    public async Task DiscoverMarketsAsync_ClosedPort_ReturnsConnectionRefusedNamingHost()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var client = new PolymarketClient(_http, new PolymarketOptions { GammaBaseUrl = url, ClobBaseUrl = url }, TimeProvider.System);

        var result = await client.DiscoverMarketsAsync(CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.ConnectionRefused, result.Error.Kind);
        Assert.Equal($"127.0.0.1:{port}", result.Error.Host);
        Assert.Contains($"127.0.0.1:{port}", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscoverMarketsAsync_UnresolvableHost_ReturnsDnsErrorNamingHost()
    {
        // .invalid never resolves (RFC 2606), so this needs no network.
        var url = new Uri("http://polymm-test.invalid/");
        using var client = new PolymarketClient(_http, new PolymarketOptions { GammaBaseUrl = url, ClobBaseUrl = url }, TimeProvider.System);

        var result = await client.DiscoverMarketsAsync(CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.Dns, result.Error.Kind);
        Assert.Equal("polymm-test.invalid", result.Error.Host);
    }

    [Fact]
    public async Task GetBookAsync_VenueSlowerThanTimeout_ReturnsTimeoutAfterRetries()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write(), LatencyMs: 400));
        var client = Client(venue, new PolymarketOptions { MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        // Attempts are counted where the client sends them: on a loaded machine a 100 ms attempt can end before the
        // venue has even read the request, so the venue's own count is not a certain witness.
        using var counting = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counting);
        client = new PolymarketClient(http, client.Options with { RequestTimeout = TimeSpan.FromMilliseconds(100) }, TimeProvider.System);

        var result = await client.GetBookAsync(venue.TokensOf(_fixture.Markets[0].Key).Yes, CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.Timeout, result.Error.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(2, counting.Sent); // first attempt + one retry
    }

    /// <summary>Counts the requests the client hands to the real socket handler.</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task DiscoverMarketsAsync_KeepTwoSmallest_KeepsOnlyThoseAndCountsEveryMarket()
    {
        await using var venue = await StartAsync(new VenueOptions(_fixture.Write(), PageSize: 5));
        var client = Client(venue);

        var result = await client.DiscoverMarketsAsync(new DiscoveryKeep(2, _ => true), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(_fixture.Markets.Select(m => m.Key).Order(StringComparer.Ordinal).Take(2), result.Value.Select(m => m.Id));
        Assert.Equal(12, client.DiscoveredCount);
    }

    private static Task<VenueServer> StartAsync(VenueOptions options) => VenueServer.StartAsync(options, CancellationToken.None);

    private PolymarketClient Client(VenueServer venue, PolymarketOptions? options = null, TimeProvider? time = null)
    {
        var o = (options ?? new PolymarketOptions()) with
        {
            GammaBaseUrl = venue.BaseUrl,
            ClobBaseUrl = venue.BaseUrl,
            RequestsPerSecond = 100_000,
            Burst = 1000,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        return new PolymarketClient(_http, o, time ?? TimeProvider.System);
    }
}
