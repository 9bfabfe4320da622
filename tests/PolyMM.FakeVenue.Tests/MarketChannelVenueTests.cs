using PolyMM.Core.Market;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.FakeVenue.Tests;

/// <summary>The real market-channel client against the venue's /ws/market over loopback: no mocks between them.</summary>
public sealed class MarketChannelVenueTests : IDisposable
{
    private readonly FixtureBuilder _fixture = FixtureBuilder.Standard(count: 2, snapshots: 20);

    public void Dispose() => _fixture.Dispose();

    /// <summary>Short intervals keep the test fast; nothing asserts on elapsed time.</summary>
    private static MarketChannelOptions Fast(Uri url) => new()
    {
        Url = url,
        PingInterval = TimeSpan.FromMilliseconds(100),
        InactivityTimeout = TimeSpan.FromMilliseconds(600),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffCap = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>
    /// For tests that need exactly one connection: the watchdog and the connect timeout are far beyond any load, so
    /// only the venue or the test can end the session.
    /// </summary>
    private static MarketChannelOptions OneSession(Uri url) => Fast(url) with
    {
        InactivityTimeout = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromMinutes(1),
    };

    private static async Task WaitUntil(Func<bool> condition, Func<string> describe)
    {
        // A bail-out for a hung test, not a time bound on the behaviour.
        for (var i = 0; i < 1500 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        Assert.True(condition(), describe());
    }

    private sealed class Listener(VenueServer venue)
    {
        private readonly object _gate = new();
        private readonly List<MarketEvent> _scratch = [];

        public MarketChannelParser Parser { get; } = new(new WsTokenMap(Instruments(venue)));

        public List<string> Frames { get; } = [];

        public int ResyncCalls;

        public void OnFrame(int conn, DateTimeOffset received, string text)
        {
            lock (_gate)
            {
                Frames.Add(text);
                _scratch.Clear();
                Parser.ParseFrame(text, received, _scratch);
            }
        }

        public Task OnResync(int conn, IReadOnlyList<string> assets, CancellationToken ct)
        {
            lock (_gate)
            {
                ResyncCalls++;
                Parser.MarkAllOutOfSync();
            }

            return Task.CompletedTask;
        }

        public T Read<T>(Func<MarketChannelParser, T> read)
        {
            lock (_gate)
            {
                return read(Parser);
            }
        }

        public long Sum(Func<AssetBook, long> counter) => Read(p => p.Books.Values.Sum(counter));

        public string Describe() => Read(p =>
            $"frames={p.Frames} skipped=[{string.Join(",", p.Skipped)}] mismatches={p.Books.Values.Sum(b => b.BboMismatches)} resyncs={p.Books.Values.Sum(b => b.Resyncs)}");
    }

    private static IEnumerable<Core.Instruments.InstrumentSpec> Instruments(VenueServer venue) =>
        Enumerable.Range(0, 2).Select(i =>
        {
            var (yes, no) = venue.TokensOf(FixtureBuilder.KeyOf(i));
            return new Core.Instruments.InstrumentSpec(i, FixtureBuilder.KeyOf(i), yes, no, 0.001m, 5m);
        });

    private static IReadOnlyList<string> Tokens(VenueServer venue) =>
        [.. Instruments(venue).SelectMany(i => new[] { i.YesTokenId, i.NoTokenId })];

    [Fact]
    public async Task Client_CleanVenue_RebuildsBooksThatAgreeWithTheVenue()
    {
        await using var venue = await VenueServer.StartAsync(new VenueOptions(_fixture.Write()) { WsIntervalMs = 10 }, CancellationToken.None);
        var listener = new Listener(venue);
        // One session (asserted below): a 600 ms watchdog could trip on a loaded machine that stalls the receive loop.
        var client = new MarketChannelClient(OneSession(venue.MarketChannelUrl), Tokens(venue), TimeProvider.System, listener.OnFrame, listener.OnResync);
        using var cts = new CancellationTokenSource();

        var run = client.RunAsync(cts.Token);
        await WaitUntil(() => listener.Read(p => p.Frames) >= 60 && client.Stats.Pongs > 0, listener.Describe);
        await cts.CancelAsync();
        await run;

        // Line 0 of market 0: mid 0.30 → bid 0.29, ask 0.31; every later change moves the best level by 0.001.
        var yes = listener.Read(p => p.Books[venue.TokensOf(FixtureBuilder.KeyOf(0)).Yes]);
        Assert.InRange(yes.Book.BestBid!.Value.Price, 0.29m, 0.309m);
        Assert.Equal(0.02m, yes.Book.BestAsk!.Value.Price - yes.Book.BestBid!.Value.Price);
        Assert.Equal(0, listener.Sum(b => b.BboMismatches));
        Assert.Equal(0, listener.Read(p => p.Skipped.GetValueOrDefault("bad_json")));
        Assert.Equal(1, client.Stats.Connects);
        Assert.Equal(0, client.Stats.Reconnects);
        Assert.StartsWith("[{\"event_type\":\"book\"", listener.Frames[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_HostileVenue_ReconnectsResyncsAndCountsEveryFaultKind()
    {
        var options = new VenueOptions(_fixture.Write())
        {
            WsIntervalMs = 10,
            WsDropRate = 0.25,
            WsDuplicateRate = 0.05,
            WsMalformedRate = 0.05,
            WsDelayRate = 0.05,
            WsDelayMs = 30,
            WsDisconnectEverySec = 1.5,
            WsFreezeAfterSec = 0.3,
            WsFreezeSec = 5,
        };
        await using var venue = await VenueServer.StartAsync(options, CancellationToken.None);
        var listener = new Listener(venue);
        var client = new MarketChannelClient(Fast(venue.MarketChannelUrl), Tokens(venue), TimeProvider.System, listener.OnFrame, listener.OnResync);
        using var cts = new CancellationTokenSource();

        var run = client.RunAsync(cts.Token);
        await WaitUntil(
            () => client.Stats.WatchdogTrips >= 1 && client.Stats.Disconnects >= 2 && listener.Sum(b => b.Resyncs) >= 1,
            () => $"watchdog={client.Stats.WatchdogTrips} disconnects={client.Stats.Disconnects} {listener.Describe()}");
        await cts.CancelAsync();
        await run;

        var served = venue.ChannelStats;
        Assert.True(served.Dropped > 0 && served.Duplicated > 0 && served.Malformed > 0 && served.Delayed > 0, served.ToString());
        Assert.Equal(1, served.Freezes);
        // The freeze: no data, but PING still answered, so only the watchdog could notice.
        Assert.True(client.Stats.Pongs > 0);
        // Three sessions ended (one by the watchdog, two by the venue); the last reconnect may still be in its backoff.
        Assert.True(client.Stats.Reconnects >= 2, $"reconnects={client.Stats.Reconnects}");
        Assert.Equal(client.Stats.Reconnects, listener.ResyncCalls);
        // Dropped changes leave the rebuilt book behind the venue's stated BBO; truncated frames are not JSON.
        Assert.True(listener.Sum(b => b.BboMismatches) > 0, listener.Describe());
        Assert.True(listener.Read(p => p.Skipped.GetValueOrDefault("bad_json")) > 0, listener.Describe());
    }

    [Fact]
    public async Task Client_MessageOverTheLimit_CountsTooLargeAndReconnects()
    {
        await using var venue = await VenueServer.StartAsync(new VenueOptions(_fixture.Write()) { WsIntervalMs = 10 }, CancellationToken.None);
        var listener = new Listener(venue);
        // The initial dump of four books is about 2 KB, over a 1 KB limit.
        var client = new MarketChannelClient(Fast(venue.MarketChannelUrl) with { MaxMessageBytes = 1024 }, Tokens(venue), TimeProvider.System, listener.OnFrame);
        using var cts = new CancellationTokenSource();

        var run = client.RunAsync(cts.Token);
        await WaitUntil(() => client.Stats.TooLarge >= 2, () => $"too_large={client.Stats.TooLarge}");
        await cts.CancelAsync();
        await run;

        Assert.True(client.Stats.Connects >= 2);
        Assert.DoesNotContain(listener.Frames, f => f.Length > 1024);
    }

    [Fact]
    public async Task Venue_RecordingMode_StreamsTheRecordedFramesVerbatim()
    {
        using var rec = new TempDir();
        string[] frames = ["{\"event_type\":\"book\",\"asset_id\":\"1\",\"bids\":[],\"asks\":[]}", "{\"event_type\":\"x\"}", "[]"];
        using (var w = new WsRecorder(rec.Path, TimeProvider.System))
        {
            foreach (var f in frames)
            {
                w.Append(FixtureBuilder.T0, 1, f);
            }

            w.Append(FixtureBuilder.T0, 0, "[]", WsEnvelope.RestBookKind);
        }

        await using var venue = await VenueServer.StartAsync(new VenueOptions(_fixture.Write()) { WsIntervalMs = 5, WsRecordingDir = rec.Path }, CancellationToken.None);
        var listener = new Listener(venue);
        // The venue streams the recording from its start on every connection and then goes silent: with the 600 ms
        // watchdog of Fast, a loaded machine that took longer than that to notice the third frame (or to deliver the first)
        // reconnected and received the frames a second time. One session is what this test is about.
        var client = new MarketChannelClient(OneSession(venue.MarketChannelUrl), Tokens(venue), TimeProvider.System, listener.OnFrame);
        using var cts = new CancellationTokenSource();

        var run = client.RunAsync(cts.Token);
        await WaitUntil(() => listener.Read(_ => listener.Frames.Count(f => f != "PONG")) >= 3, listener.Describe);
        await cts.CancelAsync();
        await run;

        Assert.Equal(1, client.Stats.Connects);
        Assert.Equal(frames, listener.Read(_ => listener.Frames.Where(f => f != "PONG").ToArray()));
    }

    [Fact]
    public void Client_450Assets_OneConnectionPer200()
    {
        var ids = Enumerable.Range(0, 450).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var client = new MarketChannelClient(new MarketChannelOptions(), ids, TimeProvider.System, (_, _, _) => { });

        Assert.Equal([200, 200, 50], client.Slices.Select(s => s.Count));
    }

    [Fact]
    public void Backoff_SuccessiveAttempts_DoubleUpToTheCapWithinHalfJitter()
    {
        var o = new MarketChannelOptions { BackoffBase = TimeSpan.FromMilliseconds(100), BackoffCap = TimeSpan.FromSeconds(1) };
        var a = new Random(3);
        var b = new Random(3);

        for (var attempt = 0; attempt < 8; attempt++)
        {
            // d = min(1000, 100 · 2^attempt) ms; the wait lies in [d/2, d).
            var d = Math.Min(1000, 100 * Math.Pow(2, attempt));
            var wait = o.Backoff(attempt, a).TotalMilliseconds;
            Assert.InRange(wait, d / 2, d);
            Assert.Equal(wait, o.Backoff(attempt, b).TotalMilliseconds);
        }
    }

    [Fact]
    public void SubscribeMessage_Tokens_VenueShape()
    {
        Assert.Equal("{\"assets_ids\":[\"1\",\"2\"],\"type\":\"market\",\"initial_dump\":true,\"level\":2,\"custom_feature_enabled\":false}",
            MarketChannelClient.SubscribeMessage(["1", "2"]));
    }

    [Theory]
    [InlineData(1.5, 0, 0)]
    [InlineData(0.6, 0.6, 0)]
    [InlineData(0, 0, -1)]
    public void Validate_ChannelFaultsOutOfRange_Throws(double drop, double malformed, double interval)
    {
        var options = new VenueOptions("fixture") { WsDropRate = drop, WsMalformedRate = malformed, WsIntervalMs = interval == 0 ? 100 : interval };

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }
}
