using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PolyMM.FakeVenue;

/// <summary>
/// A local stand-in for Polymarket's Gamma and CLOB read APIs on Kestrel, bound to 127.0.0.1, serving a fixture
/// directory in the venue's real wire shapes with seeded, injectable faults. Gamma and CLOB share one base URL.
/// </summary>
/// <remarks>
/// Endpoints: GET /markets/keyset, GET /markets (legacy), GET /markets/{condition_id} (CLOB market), GET /book,
/// POST /books, GET /last-trade-price, GET /ok, and the market channel at /ws/market (<see cref="VenueMarketChannel"/>). Faults are drawn per request before routing (including Gamma);
/// a faulted request does not advance any market's snapshot cursor.
/// </remarks>
public sealed class VenueServer : IAsyncDisposable
{
    private const string CursorPrefix = "offset:";

    private readonly WebApplication _app;
    private readonly VenueOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<VenueMarket> _markets;
    private readonly Dictionary<string, VenueMarket> _byMarketId;
    private readonly Dictionary<string, (VenueMarket Market, bool IsYes)> _byToken;
    private readonly Random _faultRng;
    private readonly VenueMarketChannel _channel;
    private readonly object _rngGate = new();
    private long _requests;
    private long _faults429;
    private long _faults500;
    private long _faultsGarbage;
    private long _faultsOversize;
    private long _faultsLongRetryAfter;
    private long _faultsRedirect;
    private long _faultsReset;
    private long _faultsGzipBomb;

    private VenueServer(WebApplication app, VenueOptions options, TimeProvider time, IReadOnlyList<VenueMarket> markets)
    {
        _app = app;
        _options = options;
        _time = time;
        _markets = markets;
        _byMarketId = markets.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _byToken = new Dictionary<string, (VenueMarket, bool)>(StringComparer.Ordinal);
        foreach (var m in markets)
        {
            _byToken[m.YesTokenId] = (m, true);
            _byToken[m.NoTokenId] = (m, false);
        }

        _faultRng = new Random(options.Seed);
        _channel = new VenueMarketChannel(options, markets, time);
    }

    /// <summary>Base URL of the running venue, e.g. http://127.0.0.1:54321/ (pass it as both Gamma and CLOB URL).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int MarketCount => _markets.Count;

    /// <summary>URL of the market channel, e.g. ws://127.0.0.1:54321/ws/market.</summary>
    public Uri MarketChannelUrl => new($"ws://{BaseUrl.Authority}/ws/market");

    /// <summary>Market-channel connections and the faults served on them.</summary>
    public VenueChannelStats ChannelStats => _channel.Stats;

    public VenueStats Stats => new(
        Interlocked.Read(ref _requests), Interlocked.Read(ref _faults429),
        Interlocked.Read(ref _faults500), Interlocked.Read(ref _faultsGarbage));

    /// <summary>YES/NO token ids the venue assigned to a fixture market (for tests and diagnostics).</summary>
    public (string Yes, string No) TokensOf(string marketId) =>
        _byMarketId.TryGetValue(marketId, out var m) ? (m.YesTokenId, m.NoTokenId) : throw new KeyNotFoundException(marketId);

    /// <summary>Loads the fixture, binds Kestrel to 127.0.0.1:<see cref="VenueOptions.Port"/> and starts serving.</summary>
    /// <param name="options">Fixture, port, faults; validated here.</param>
    /// <param name="cancellationToken">Cancels start-up only.</param>
    /// <param name="time">Clock for book timestamps of lines without one and for latency; defaults to the system clock.</param>
    public static async Task<VenueServer> StartAsync(VenueOptions options, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        var fixture = FixtureReader.Read(options.FixtureDir);
        var markets = fixture.Select((f, i) => new VenueMarket(f.Id, i, f.Raw, f.Snapshots, options.PlainArrayTokenIds)).ToArray();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(VenueServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var server = new VenueServer(app, options, time, markets);
        server.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no bound address");
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map(WebApplication app)
    {
        // The market channel has its own faults (per frame); the HTTP ones are drawn per request for the REST API only.
        app.UseWebSockets();
        app.Map("/ws/market", new RequestDelegate(_channel.HandleAsync));
        app.Use(FaultsAsync);
        app.MapGet("/ok", new RequestDelegate(ctx => Json(ctx, 200, "\"OK\"")));
        app.MapGet("/markets/keyset", new RequestDelegate(KeysetAsync));
        app.MapGet("/markets", new RequestDelegate(LegacyAsync));
        app.MapGet("/markets/{conditionId}", new RequestDelegate(ClobMarketAsync));
        app.MapGet("/book", new RequestDelegate(BookAsync));
        app.MapPost("/books", new RequestDelegate(BooksAsync));
        app.MapGet("/last-trade-price", new RequestDelegate(LastTradeAsync));
    }

    private async Task FaultsAsync(HttpContext ctx, RequestDelegate next)
    {
        Interlocked.Increment(ref _requests);
        if (_options.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_options.LatencyMs), _time, ctx.RequestAborted).ConfigureAwait(false);
        }

        double draw;
        lock (_rngGate)
        {
            draw = _faultRng.NextDouble();
        }

        if (draw < _options.Fault429)
        {
            Interlocked.Increment(ref _faults429);
            ctx.Response.Headers.RetryAfter = "1";
            await Json(ctx, 429, VenueWire.Error("Too Many Requests")).ConfigureAwait(false);
            return;
        }

        if (draw < _options.Fault429 + _options.Fault500)
        {
            Interlocked.Increment(ref _faults500);
            await Json(ctx, 500, VenueWire.Error("Internal Server Error")).ConfigureAwait(false);
            return;
        }

        if (draw < _options.Fault429 + _options.Fault500 + _options.FaultGarbage)
        {
            Interlocked.Increment(ref _faultsGarbage);
            await Json(ctx, 200, "{\"market\":\"0x3f\",\"asset_id\":\"1234\",\"bids\":[{\"price\":\"0.4").ConfigureAwait(false);
            return;
        }

        var upTo = _options.Fault429 + _options.Fault500 + _options.FaultGarbage + _options.FaultOversize;
        if (draw < upTo)
        {
            Interlocked.Increment(ref _faultsOversize);
            await OversizeAsync(ctx).ConfigureAwait(false);
            return;
        }

        // The issue-17 kinds, drawn after the older ones so a venue without them meets the same faults as before.
        if (draw < (upTo += _options.FaultLongRetryAfter))
        {
            var n = Interlocked.Increment(ref _faultsLongRetryAfter);
            ctx.Response.Headers.RetryAfter = n % 2 == 1 ? "999999" : (_time.GetUtcNow() + TimeSpan.FromDays(365)).ToString("r", CultureInfo.InvariantCulture);
            await Json(ctx, 429, VenueWire.Error("Too Many Requests")).ConfigureAwait(false);
            return;
        }

        if (draw < (upTo += _options.FaultRedirect))
        {
            Interlocked.Increment(ref _faultsRedirect);
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "http://elsewhere.invalid" + ctx.Request.Path + ctx.Request.QueryString;
            return;
        }

        if (draw < (upTo += _options.FaultReset))
        {
            Interlocked.Increment(ref _faultsReset);
            await ResetAsync(ctx, _time).ConfigureAwait(false);
            return;
        }

        if (draw < upTo + _options.FaultGzipBomb)
        {
            Interlocked.Increment(ref _faultsGzipBomb);
            await GzipBombAsync(ctx).ConfigureAwait(false);
            return;
        }

        await next(ctx).ConfigureAwait(false);
    }

    /// <summary>Faults of the issue-17 kinds served so far: long Retry-After, redirect, reset, gzip bomb.</summary>
    public (long LongRetryAfter, long Redirect, long Reset, long GzipBomb) HostileFaults => (
        Interlocked.Read(ref _faultsLongRetryAfter), Interlocked.Read(ref _faultsRedirect),
        Interlocked.Read(ref _faultsReset), Interlocked.Read(ref _faultsGzipBomb));

    /// <summary>Announces a JSON body, sends its first bytes, then aborts the connection.</summary>
    private static async Task ResetAsync(HttpContext ctx, TimeProvider time)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = 100_000;
        try
        {
            await ctx.Response.Body.WriteAsync("{\"market\":\"0x3f\",\"bids\":["u8.ToArray(), ctx.RequestAborted).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            // Let the client read the headers first, so the reset lands mid-body.
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client went away first
        }

        ctx.Abort();
    }

    /// <summary>~64 KB of gzip that inflate to 64 MiB of spaces: only a limit on the decompressed size stops it.</summary>
    private static async Task GzipBombAsync(HttpContext ctx)
    {
        var bomb = HostileServer.Bomb.Value;
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.ContentEncoding = "gzip";
        ctx.Response.ContentLength = bomb.Length;
        try
        {
            await ctx.Response.Body.WriteAsync(bomb, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client abandoned the answer at its limit, as it should
        }
    }

    /// <summary>Oversize answers served so far (<see cref="VenueOptions.FaultOversize"/>).</summary>
    public long FaultsOversize => Interlocked.Read(ref _faultsOversize);

    /// <summary>64 MiB of spaces without a Content-Length; a bounded client hangs up long before the end.</summary>
    private static async Task OversizeAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        var block = new byte[64 * 1024];
        Array.Fill(block, (byte)' ');
        try
        {
            for (var i = 0; i < 1024 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(block, ctx.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client abandoned the answer at its limit, as it should
        }
    }

    private Task KeysetAsync(HttpContext ctx)
    {
        if (_options.DisableKeyset)
        {
            return Json(ctx, 404, VenueWire.Error("not found"));
        }

        var q = ctx.Request.Query;
        if (q.ContainsKey("offset"))
        {
            return Json(ctx, 422, "{\"type\":\"validation error\",\"error\":\"offset is not supported on keyset pagination\"}");
        }

        var offset = 0;
        if (q["after_cursor"].FirstOrDefault() is { Length: > 0 } cursor && !TryDecodeCursor(cursor, out offset))
        {
            return Json(ctx, 422, "{\"type\":\"validation error\",\"error\":\"invalid after_cursor\"}");
        }

        var open = OpenMarkets(q["closed"].FirstOrDefault());
        var limit = Limit(q["limit"].FirstOrDefault());
        var page = open.Skip(offset).Take(limit).Select(m => m.GammaJson);
        var next = offset + limit < open.Count ? EncodeCursor(offset + limit) : null;
        return Json(ctx, 200, VenueWire.KeysetPage(page, next));
    }

    private Task LegacyAsync(HttpContext ctx)
    {
        if (_options.DisableLegacyList)
        {
            return Json(ctx, 404, VenueWire.Error("not found"));
        }

        var q = ctx.Request.Query;
        var offset = int.TryParse(q["offset"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var open = OpenMarkets(q["closed"].FirstOrDefault());
        ctx.Response.Headers["deprecation"] = "true";
        return Json(ctx, 200, VenueWire.Array(open.Skip(offset).Take(Limit(q["limit"].FirstOrDefault())).Select(m => m.GammaJson)));
    }

    private Task ClobMarketAsync(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["conditionId"] as string ?? "";
        return _byMarketId.TryGetValue(id, out var market)
            ? Json(ctx, 200, VenueWire.ClobMarket(market))
            : Json(ctx, 404, VenueWire.Error("market not found"));
    }

    private Task BookAsync(HttpContext ctx)
    {
        var token = ctx.Request.Query["token_id"].FirstOrDefault() ?? "";
        return BookFor(token) is { } body
            ? Json(ctx, 200, body)
            : Json(ctx, 404, VenueWire.Error("No orderbook exists for the requested token id"));
    }

    private async Task BooksAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        var tokens = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.TryGetProperty("token_id", out var t) && t.GetString() is { } s)
                {
                    tokens.Add(s);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            await Json(ctx, 400, VenueWire.Error("Invalid payload")).ConfigureAwait(false);
            return;
        }

        await Json(ctx, 200, VenueWire.Array(tokens.Select(BookFor).OfType<string>())).ConfigureAwait(false);
    }

    private Task LastTradeAsync(HttpContext ctx)
    {
        var token = ctx.Request.Query["token_id"].FirstOrDefault() ?? "";
        if (!_byToken.TryGetValue(token, out var entry))
        {
            return Json(ctx, 404, VenueWire.Error("market not found"));
        }

        return Json(ctx, 200, VenueWire.LastTrade(entry.Market.Current().Line?.LastTradePrice, entry.IsYes));
    }

    private string? BookFor(string token)
    {
        if (!_byToken.TryGetValue(token, out var entry))
        {
            return null;
        }

        var (line, index) = entry.IsYes ? entry.Market.Advance() : entry.Market.Current();
        return VenueWire.Book(entry.Market, token, line, index, _time.GetUtcNow());
    }

    private List<VenueMarket> OpenMarkets(string? closed) =>
        string.Equals(closed, "true", StringComparison.OrdinalIgnoreCase) ? [] : [.. _markets];

    private int Limit(string? requested) =>
        int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0
            ? Math.Min(l, _options.PageSize)
            : _options.PageSize;

    private static string EncodeCursor(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out int offset)
    {
        offset = 0;
        var bytes = new byte[cursor.Length];
        if (!Convert.TryFromBase64String(cursor, bytes, out var n))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, n);
        return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    private static Task Json(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }
}
