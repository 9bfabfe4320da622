using System.Globalization;
using PolyMM.Data.Polymarket;

namespace PolyMM.FakeVenue.Tests;

/// <summary>
/// The real client against <see cref="HostileServer"/> over loopback: each hostile behaviour ends as a counted
/// fetch error of its own kind, in bounded time (a cancellation token is the hang guard) and bounded memory.
/// </summary>
public sealed class HostileVenueTests
{
    // Hang guard only: a correct client answers long before it; no test asserts on elapsed time.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task GetBookAsync_EndlessBody_TooLargeCountedAndAbandoned()
    {
        await using var server = HostileServer.Start(HostileMode.EndlessBody);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.TooLarge, result.Error.Kind);
        Assert.Contains("4 MB", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Errors[FetchErrorKinds.TooLarge]);
        Assert.Equal(1, server.Requests); // too_large is not retried
    }

    [Fact]
    public async Task DiscoverMarketsAsync_GigabyteBody_TooLargeWithoutReadingTheBody()
    {
        await using var server = HostileServer.Start(HostileMode.GigabyteBody);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = await client.DiscoverMarketsAsync(guard.Token);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.TooLarge, result.Error.Kind);
        Assert.Contains("1073741824", result.Error.Message, StringComparison.Ordinal);
        // Reading the gigabyte would allocate at least 1 GiB; other tests in the process allocate far less than this.
        Assert.True(allocated < 512L << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task GetBookAsync_GzipBomb_TooLargeCountedOnTheDecompressedSize()
    {
        await using var server = HostileServer.Start(HostileMode.GzipBomb);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        // ~64 KB on the wire is far under the 4 MB limit; only the inflated 64 MiB exceed it.
        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.TooLarge, result.Error.Kind);
        Assert.Contains("did not end", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBookAsync_OneBytePerInterval_TimesOutAtTheWholeRequestDeadline()
    {
        // A byte every 100 ms would reset any per-read timeout forever; the 1 s attempt deadline covers the whole body.
        await using var server = HostileServer.Start(HostileMode.Drip, dripInterval: TimeSpan.FromMilliseconds(100));
        using var client = Client(server, new PolymarketOptions { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 0 });
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.Timeout, result.Error.Kind);
        Assert.Equal(1, client.Errors[FetchErrorKinds.Timeout]);
    }

    [Fact]
    public async Task GetBookAsync_DripWithRetries_CallDeadlineEndsAllAttempts()
    {
        await using var server = HostileServer.Start(HostileMode.Drip, dripInterval: TimeSpan.FromMilliseconds(100));
        using var client = Client(server, new PolymarketOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(1),
            CallDeadline = TimeSpan.FromSeconds(1.5),
            MaxRetries = 50,
            RetryBaseDelay = TimeSpan.Zero,
        });
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        // 1.5 s of call deadline fits at most two 1 s attempts, never the 51 allowed.
        Assert.Equal(FetchErrorKinds.Timeout, result.Error!.Kind);
        Assert.InRange(server.Requests, 1, 2);
    }

    [Fact]
    public async Task DiscoverMarketsAsync_CursorThatNeverEnds_StopsAfterBarrenPages()
    {
        await using var server = HostileServer.Start(HostileMode.EndlessCursor);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.DiscoverMarketsAsync(guard.Token);

        Assert.False(result.IsSuccess);
        Assert.Equal(FetchErrorKinds.Other, result.Error.Kind);
        Assert.Contains("endless walk", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(10, server.Requests);
    }

    [Fact]
    public async Task DiscoverMarketsAsync_CursorThatRepeats_StopsOnTheSecondSighting()
    {
        await using var server = HostileServer.Start(HostileMode.RepeatingCursor);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.DiscoverMarketsAsync(guard.Token);

        Assert.Equal(FetchErrorKinds.Other, result.Error!.Kind);
        Assert.Contains("twice", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task DiscoverMarketsAsync_HtmlInsteadOfJson_BadJsonCounted()
    {
        await using var server = HostileServer.Start(HostileMode.Html);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.DiscoverMarketsAsync(guard.Token);

        Assert.Equal(FetchErrorKinds.BadJson, result.Error!.Kind);
        Assert.Equal(1, client.Errors[FetchErrorKinds.BadJson]);
    }

    [Fact]
    public async Task GetBookAsync_RetryAfterAbsurdSeconds_CooldownCappedThenCallsAgain()
    {
        await using var server = HostileServer.Start(HostileMode.TooManyRequests, retryAfter: "999999");
        var time = new OffsetTimeProvider();
        using var client = Client(server, new PolymarketOptions { MaxRetryAfter = TimeSpan.FromSeconds(60) }, time);
        using var guard = new CancellationTokenSource(Guard);

        var first = await client.GetBookAsync("t1", guard.Token);
        var during = await client.GetBookAsync("t1", guard.Token);
        time.Advance(TimeSpan.FromSeconds(61));
        var after = await client.GetBookAsync("t1", guard.Token);

        Assert.Equal(FetchErrorKinds.Http429, first.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), first.Error.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(999999), first.Error.RetryAfterDemanded);
        Assert.Equal(FetchErrorKinds.Cooldown, during.Error!.Kind);
        Assert.Equal(FetchErrorKinds.Http429, after.Error!.Kind); // the cap passed: the host was called again
        Assert.Equal(2, server.Requests);
        Assert.Equal(2, client.Errors[FetchErrorKinds.Http429]);
        Assert.Equal(1, client.Errors[FetchErrorKinds.Cooldown]);
    }

    [Fact]
    public async Task GetBookAsync_RetryAfterDateInYear9999_ClampedWithoutThrowing()
    {
        await using var server = HostileServer.Start(HostileMode.TooManyRequests, retryAfter: "Fri, 31 Dec 9999 23:59:59 GMT");
        using var client = Client(server, new PolymarketOptions { MaxRetryAfter = TimeSpan.FromSeconds(60) });
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        Assert.Equal(FetchErrorKinds.Http429, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Error.RetryAfter);
        Assert.Equal(TimeSpan.FromDays(365), result.Error.RetryAfterDemanded);
    }

    [Fact]
    public async Task DiscoverAsync_RetryAfterDateBeyondTheCap_GivesUpAtOnceWithRateLimitedLine()
    {
        var time = new OffsetTimeProvider();
        var date = (time.GetUtcNow() + TimeSpan.FromMinutes(10)).ToString("r", CultureInfo.InvariantCulture);
        await using var server = HostileServer.Start(HostileMode.TooManyRequests, retryAfter: date);
        using var client = Client(server, new PolymarketOptions { MaxRetryAfter = TimeSpan.FromSeconds(60) }, time);
        using var guard = new CancellationTokenSource(Guard);

        var result = await OnlineMarkets.DiscoverAsync(client, time, guard.Token);

        // 10 min ahead at second resolution: demanded is 599–600 s, over the 60 s cap, so no discovery retry waits.
        Assert.Equal(FetchErrorKinds.Http429, result.Error!.Kind);
        Assert.True(OnlineMarkets.IsLongRateLimit(result.Error, client.Options));
        Assert.InRange(result.Error.RetryAfterDemanded!.Value.TotalSeconds, 598, 600);
        Assert.Equal(1, server.Requests);
        Assert.Matches(@"^rate-limited by 127\.0\.0\.1:\d+ for (599|600) s; try later$", OnlineMarkets.RateLimitedMessage(result.Error));
    }

    [Fact]
    public async Task DiscoverMarketsAsync_CrossHostRedirect_RedirectKindNamingTheTarget()
    {
        await using var server = HostileServer.Start(HostileMode.CrossHostRedirect);
        using var client = Client(server);
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.DiscoverMarketsAsync(guard.Token);

        Assert.Equal(FetchErrorKinds.Redirect, result.Error!.Kind);
        Assert.Contains("elsewhere.invalid", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(302, result.Error.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task GetBookAsync_ResetMidBody_ConnectionLostCountedPerAttempt()
    {
        await using var server = HostileServer.Start(HostileMode.ResetMidBody);
        using var client = Client(server, new PolymarketOptions { MaxRetries = 1, RetryBaseDelay = TimeSpan.Zero });
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        Assert.Equal(FetchErrorKinds.ConnectionLost, result.Error!.Kind);
        Assert.Equal(2, server.Requests); // transient: one retry
        Assert.Equal(2, client.Errors[FetchErrorKinds.ConnectionLost]); // the retried attempt and the final failure
    }

    [Fact]
    public async Task GetBookAsync_LimitRaised_SameBodyStillAbandonedAtTheNewLimit()
    {
        await using var server = HostileServer.Start(HostileMode.EndlessBody);
        using var client = Client(server, new PolymarketOptions { MaxResponseBytes = 8L << 20 });
        using var guard = new CancellationTokenSource(Guard);

        var result = await client.GetBookAsync("t1", guard.Token);

        Assert.Equal(FetchErrorKinds.TooLarge, result.Error!.Kind);
        Assert.Contains("8 MB", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchTickAsync_VenueOversizeFaultOnEveryRequest_TooLargeCountedPerMarket()
    {
        using var fixture = FixtureBuilder.Standard();
        await using var venue = await VenueServer.StartAsync(new VenueOptions(fixture.Write()) { FaultOversize = 1 }, CancellationToken.None);
        using var discoverer = PolymarketClient.Create(new PolymarketOptions { GammaBaseUrl = venue.BaseUrl, ClobBaseUrl = venue.BaseUrl }, TimeProvider.System);
        var market = new GammaMarket("m1", null, "m1", "M1", null, ["Yes", "No"], [0.5m, 0.5m], ["1", "2"], false, "");
        using var guard = new CancellationTokenSource(Guard);

        var results = await discoverer.FetchTickAsync([market], guard.Token);

        Assert.Equal(FetchErrorKinds.TooLarge, Assert.Single(results).Result.Error!.Kind);
        Assert.Equal(1, discoverer.Errors[FetchErrorKinds.TooLarge]);
        Assert.Equal(1, venue.FaultsOversize);
    }

    [Theory]
    [InlineData("retry-after-long", FetchErrorKinds.Http429)]
    [InlineData("redirect", FetchErrorKinds.Redirect)]
    [InlineData("reset", FetchErrorKinds.ConnectionLost)]
    [InlineData("gzip-bomb", FetchErrorKinds.TooLarge)]
    public async Task FetchTickAsync_VenueHostileFaultOnEveryRequest_CountedByItsKind(string fault, string kind)
    {
        using var fixture = FixtureBuilder.Standard();
        var options = fault switch
        {
            "retry-after-long" => new VenueOptions(fixture.Write()) { FaultLongRetryAfter = 1 },
            "redirect" => new VenueOptions(fixture.Write()) { FaultRedirect = 1 },
            "reset" => new VenueOptions(fixture.Write()) { FaultReset = 1 },
            _ => new VenueOptions(fixture.Write()) { FaultGzipBomb = 1 },
        };
        await using var venue = await VenueServer.StartAsync(options, CancellationToken.None);
        using var client = PolymarketClient.Create(new PolymarketOptions
        {
            GammaBaseUrl = venue.BaseUrl,
            ClobBaseUrl = venue.BaseUrl,
            RetryBaseDelay = TimeSpan.Zero,
        }, TimeProvider.System);
        var market = new GammaMarket("m1", null, "m1", "M1", null, ["Yes", "No"], [0.5m, 0.5m], ["1", "2"], false, "");
        using var guard = new CancellationTokenSource(Guard);

        var results = await client.FetchTickAsync([market], guard.Token);

        var error = Assert.Single(results).Result.Error!;
        Assert.True(error.Kind == kind, $"{error.Kind}: {error.Message}");
        if (fault == "retry-after-long")
        {
            // 999999 s demanded, the default 60 s cap honoured.
            Assert.Equal(TimeSpan.FromSeconds(999999), error.RetryAfterDemanded);
            Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        }

        Assert.True(client.Errors[kind] >= 1);
        var served = venue.HostileFaults;
        Assert.Equal(1, fault switch
        {
            "retry-after-long" => served.LongRetryAfter,
            "redirect" => served.Redirect,
            "reset" => Math.Min(served.Reset, 1),
            _ => served.GzipBomb,
        });
    }

    private static PolymarketClient Client(HostileServer server, PolymarketOptions? options = null, TimeProvider? time = null) =>
        PolymarketClient.Create((options ?? new PolymarketOptions()) with
        {
            GammaBaseUrl = server.BaseUrl,
            ClobBaseUrl = server.BaseUrl,
            RetryBaseDelay = options?.RetryBaseDelay ?? TimeSpan.Zero,
        }, time ?? TimeProvider.System);
}
