using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// Read-only Polymarket client: Gamma discovery and CLOB books (docs/design.md#online-data). Every call returns a
/// <see cref="FetchResult{T}"/>; expected failures (HTTP errors, timeouts, garbage bodies, DNS, refused connections)
/// are values, counted in <see cref="Errors"/>. Only cancellation by the caller throws.
/// </summary>
/// <remarks>
/// Resilience per request: a client-side token bucket per host, a deadline per attempt (headers and body) and per
/// call (all attempts), and retries with exponential backoff and seeded jitter on 5xx and timeouts. A 429 is never
/// retried within the tick: the call returns http_429 with Retry-After (capped at
/// <see cref="PolymarketOptions.MaxRetryAfter"/>), and the host is left alone (calls answer <c>cooldown</c> without
/// sending) until it passes. Bodies are read as a stream and abandoned once they outgrow their limit
/// (<c>too_large</c>); redirects are never followed (<c>redirect</c>). See docs/online.md.
/// </remarks>
public sealed class PolymarketClient : IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // Retry-After demands are clamped to this before any arithmetic, so a date in year 9999 can never overflow a delay.
    private static readonly TimeSpan LongestDemand = TimeSpan.FromDays(365);

    // Consecutive keyset pages without a new market (but with a next cursor) before discovery gives up.
    private const int MaxBarrenPages = 10;

    // HTTP-date: IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must accept.
    private static readonly string[] HttpDateFormats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "ddd MMM dd HH:mm:ss yyyy"];

    // Error answers (4xx, 5xx) are read only this far: enough for the message excerpt.
    private const int ErrorBodyBytes = 4096;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly PolymarketOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpAttempt> _retry;
    private readonly ResiliencePipeline _timeout;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Cooldown> _cooldowns = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Uses <paramref name="http"/> without owning it (the caller disposes it; share one per process).</summary>
    public PolymarketClient(HttpClient http, PolymarketOptions options, TimeProvider time, FetchErrorCounter? errors = null)
        : this(http, ownsHttp: false, options, time, errors)
    {
    }

    private PolymarketClient(HttpClient http, bool ownsHttp, PolymarketOptions options, TimeProvider time, FetchErrorCounter? errors)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _http = http;
        _ownsHttp = ownsHttp;
        // Relative paths resolve under the base only when it ends in '/': http://host/prefix → http://host/prefix/.
        _options = options with { GammaBaseUrl = WithSlash(options.GammaBaseUrl), ClobBaseUrl = WithSlash(options.ClobBaseUrl) };
        _time = time;
        Errors = errors ?? new FetchErrorCounter(time);
        _timeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.RequestTimeout).Build();
        _retry = BuildRetry(options, time, Errors);
    }

    public FetchErrorCounter Errors { get; }

    public PolymarketOptions Options => _options;

    /// <summary>Distinct markets the last discovery listed, kept or not.</summary>
    public int DiscoveredCount { get; private set; }

    /// <summary>
    /// A client owning its HttpClient (disposed with the client). The per-request timeout is Polly's, so the
    /// HttpClient's own timeout is disabled; connections are recycled so DNS changes are picked up.
    /// </summary>
    public static PolymarketClient Create(PolymarketOptions options, TimeProvider time, FetchErrorCounter? errors = null)
    {
        ArgumentNullException.ThrowIfNull(options);
#pragma warning disable CA2000 // ownership passes to the client, which disposes it
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Size limits count the decompressed stream, so a gzip bomb stops at the limit like any other body.
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
        };
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PolyMM", "1.0"));
        return new PolymarketClient(http, ownsHttp: true, options, time, errors);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>
    /// Walks every open market: Gamma keyset pages following next_cursor until it is absent; when keyset answers 404,
    /// the legacy offset listing. 404 on both → <see cref="FetchErrorKinds.ApiMoved"/>. The first failing request
    /// decides the result (dns / connection_refused name the host, for the CLI's exit-2 line).
    /// </summary>
    public Task<FetchResult<IReadOnlyList<GammaMarket>>> DiscoverMarketsAsync(CancellationToken cancellationToken) =>
        DiscoverMarketsAsync(null, cancellationToken);

    /// <summary>
    /// Like <see cref="DiscoverMarketsAsync(CancellationToken)"/>, keeping only what <paramref name="keep"/> asks for
    /// (the automatic selection never looks past the smallest ids), so 100,000 listed markets cost a few hundred in
    /// memory. <see cref="DiscoveredCount"/> still counts every market listed.
    /// </summary>
    public async Task<FetchResult<IReadOnlyList<GammaMarket>>> DiscoverMarketsAsync(DiscoveryKeep? keep, CancellationToken cancellationToken)
    {
        var markets = new Collected(keep);
        DiscoveredCount = 0;
        string? cursor = null;
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        var barren = 0;
        for (var page = 0; page < _options.MaxPages; page++)
        {
            var url = $"markets/keyset?limit={_options.PageSize}&closed=false"
                + (cursor is null ? "" : $"&after_cursor={Uri.EscapeDataString(cursor)}");
            var body = await GetAsync(_options.GammaBaseUrl, url, _options.MaxListResponseBytes, cancellationToken).ConfigureAwait(false);
            if (!body.IsSuccess)
            {
                if (page == 0 && body.Error.Kind == FetchErrorKinds.Http404)
                {
                    return await DiscoverLegacyAsync(keep, cancellationToken).ConfigureAwait(false);
                }

                return Fail<IReadOnlyList<GammaMarket>>(body.Error);
            }

            var parsed = PolymarketParser.ParseGammaKeysetPage(body.Value, _options.KeepMarketJson);
            if (!parsed.IsSuccess)
            {
                return Fail<IReadOnlyList<GammaMarket>>(parsed.Error);
            }

            var added = markets.AddNew(parsed.Value.Markets);
            DiscoveredCount = markets.Count;
            cursor = parsed.Value.NextCursor;
            if (cursor is null)
            {
                return FetchResult<IReadOnlyList<GammaMarket>>.Ok(markets.Result);
            }

            // A cursor that keeps changing while the pages bring nothing new is a walk that would never end.
            barren = added == 0 ? barren + 1 : 0;
            if (barren >= MaxBarrenPages)
            {
                return Fail<IReadOnlyList<GammaMarket>>(new FetchError(FetchErrorKinds.Other,
                    $"Gamma keyset returned {MaxBarrenPages} pages in a row without a new market; stopping to avoid an endless walk",
                    IsTransient: false)
                { Host = _options.GammaBaseUrl.Authority });
            }

            if (!cursors.Add(cursor))
            {
                return Fail<IReadOnlyList<GammaMarket>>(new FetchError(FetchErrorKinds.Other,
                    $"Gamma keyset returned cursor '{cursor}' twice; stopping to avoid an endless walk", IsTransient: false)
                { Host = _options.GammaBaseUrl.Authority });
            }
        }

        return Fail<IReadOnlyList<GammaMarket>>(new FetchError(FetchErrorKinds.Other,
            $"Gamma discovery stopped after {_options.MaxPages} pages", IsTransient: false)
        { Host = _options.GammaBaseUrl.Authority });
    }

    public async Task<FetchResult<ClobMarket>> GetClobMarketAsync(string conditionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conditionId);
        var body = await GetAsync(_options.ClobBaseUrl, $"markets/{Uri.EscapeDataString(conditionId)}", _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        return Track(body.IsSuccess ? PolymarketParser.ParseClobMarket(body.Value) : FetchResult<ClobMarket>.Fail(body.Error));
    }

    public async Task<FetchResult<ClobBook>> GetBookAsync(string tokenId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        var body = await GetAsync(_options.ClobBaseUrl, $"book?token_id={Uri.EscapeDataString(tokenId)}", _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        return Track(body.IsSuccess ? PolymarketParser.ParseBook(body.Value) : FetchResult<ClobBook>.Fail(body.Error));
    }

    /// <summary>POST /books for many tokens in one request; falls back to one GET /book each when POST answers 404/405.</summary>
    public async Task<FetchResult<IReadOnlyList<ClobBook>>> GetBooksAsync(IReadOnlyList<string> tokenIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        if (tokenIds.Count == 0)
        {
            return FetchResult<IReadOnlyList<ClobBook>>.Ok([]);
        }

        var payload = JsonSerializer.Serialize(tokenIds.Select(t => new BookRequestDto { TokenId = t }).ToList(),
            PolymarketJsonContext.Default.ListBookRequestDto);
        // Many books in one answer: the list limit applies, as for a market-list page.
        var body = await SendAsync(_options.ClobBaseUrl, () => new HttpRequestMessage(HttpMethod.Post, new Uri(_options.ClobBaseUrl, "books"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        }, _options.MaxListResponseBytes, cancellationToken).ConfigureAwait(false);
        if (body.IsSuccess)
        {
            return Track(PolymarketParser.ParseBooks(body.Value));
        }

        if (body.Error.StatusCode is 404 or 405)
        {
            var books = new List<ClobBook>(tokenIds.Count);
            foreach (var token in tokenIds)
            {
                var one = await GetBookAsync(token, cancellationToken).ConfigureAwait(false);
                if (!one.IsSuccess)
                {
                    return FetchResult<IReadOnlyList<ClobBook>>.Fail(one.Error);
                }

                books.Add(one.Value);
            }

            return FetchResult<IReadOnlyList<ClobBook>>.Ok(books);
        }

        return Fail<IReadOnlyList<ClobBook>>(body.Error);
    }

    /// <summary>
    /// POST /books answered as the venue's text, unparsed (the market-channel recorder stores REST snapshots verbatim;
    /// docs/design.md#websocket-recording). Same limits, retries and error kinds as <see cref="GetBooksAsync"/>.
    /// </summary>
    public async Task<FetchResult<string>> GetBooksRawAsync(IReadOnlyList<string> tokenIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        var payload = JsonSerializer.Serialize(tokenIds.Select(t => new BookRequestDto { TokenId = t }).ToList(),
            PolymarketJsonContext.Default.ListBookRequestDto);
        var body = await SendAsync(_options.ClobBaseUrl, () => new HttpRequestMessage(HttpMethod.Post, new Uri(_options.ClobBaseUrl, "books"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        }, _options.MaxListResponseBytes, cancellationToken).ConfigureAwait(false);
        return body.IsSuccess ? body : Fail<string>(body.Error);
    }

    public async Task<FetchResult<LastTrade>> GetLastTradeAsync(string tokenId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        var body = await GetAsync(_options.ClobBaseUrl, $"last-trade-price?token_id={Uri.EscapeDataString(tokenId)}", _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        return Track(body.IsSuccess ? PolymarketParser.ParseLastTrade(body.Value) : FetchResult<LastTrade>.Fail(body.Error));
    }

    /// <summary>
    /// One market's snapshot: the YES book, /last-trade-price when the book has no LTP, then the rules of docs/design.md#online-data via
    /// <see cref="SnapshotBuilder"/>. A 404 book ("no orderbook") falls back to the reference price; any other
    /// failure skips the market this tick.
    /// </summary>
    public Task<FetchResult<MarketTick>> FetchSnapshotAsync(GammaMarket market, CancellationToken cancellationToken) =>
        FetchSnapshotAsync(market, null, forTiering: false, cancellationToken);

    /// <summary>
    /// One market's snapshot, using <paramref name="prefetched"/> (from a batch) as its book when given. With
    /// <paramref name="forTiering"/>, /last-trade-price is asked only when it could change the liquidity tier: a
    /// two-sided book of a market without a Gamma price (the LTP is then the reference the book is checked against).
    /// </summary>
    private async Task<FetchResult<MarketTick>> FetchSnapshotAsync(GammaMarket market, ClobBook? prefetched, bool forTiering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (market.YesTokenId is not { } token)
        {
            return Fail<MarketTick>(new FetchError(FetchErrorKinds.NoData, $"market {market.Id} has no CLOB token ids", IsTransient: false));
        }

        var book = prefetched is not null
            ? FetchResult<ClobBook>.Ok(prefetched)
            : await GetBookAsync(token, cancellationToken).ConfigureAwait(false);
        if (!book.IsSuccess && book.Error.Kind != FetchErrorKinds.Http404)
        {
            return FetchResult<MarketTick>.Fail(book.Error);
        }

        var bookValue = book.IsSuccess ? book.Value : null;
        LastTrade? lastTrade = null;
        var ltpMatters = !forTiering || (market.YesPrice is null && bookValue?.BestBid is not null && bookValue.BestAsk is not null);
        if (bookValue?.LastTradePrice is null && ltpMatters)
        {
            // A failed /last-trade-price only costs the LTP (already counted); the book is still good.
            var ltp = await GetLastTradeAsync(token, cancellationToken).ConfigureAwait(false);
            lastTrade = ltp.IsSuccess ? ltp.Value : null;
        }

        var now = _time.GetUtcNow();
        return SnapshotBuilder.Build(bookValue, market.YesPrice, lastTrade?.Price, now) is { } snapshot
            ? FetchResult<MarketTick>.Ok(new MarketTick(market.Id, snapshot, bookValue?.Raw, lastTrade?.Raw, now))
            : Fail<MarketTick>(new FetchError(FetchErrorKinds.NoData,
                $"market {market.Id}: no usable book and no reference price", IsTransient: true));
    }

    /// <summary>
    /// One tick: every market's snapshot. The YES books of all markets come in one <c>POST /books</c>, so a tick is a
    /// single round trip whatever the market count (and well inside the venue's 500 per 10 s for that endpoint); a
    /// market the batch did not answer — or every market, when the batch failed — falls back to its own
    /// <c>GET /book</c>, fetched concurrently with at most <see cref="PolymarketOptions.MaxParallelism"/> in flight.
    /// The result is index-aligned with <paramref name="markets"/>; failed markets carry their error.
    /// </summary>
    public Task<IReadOnlyList<MarketTickResult>> FetchTickAsync(IReadOnlyList<GammaMarket> markets, CancellationToken cancellationToken) =>
        FetchTickAsync(markets, forTiering: false, cancellationToken);

    /// <summary>
    /// Like <see cref="FetchTickAsync(IReadOnlyList{GammaMarket}, CancellationToken)"/> for the Tier-A scan: the same
    /// books, but /last-trade-price only where it can change the tier, so scanning hundreds of candidates costs a few
    /// batched requests instead of one per candidate.
    /// </summary>
    public Task<IReadOnlyList<MarketTickResult>> FetchTieringTickAsync(IReadOnlyList<GammaMarket> markets, CancellationToken cancellationToken) =>
        FetchTickAsync(markets, forTiering: true, cancellationToken);

    private async Task<IReadOnlyList<MarketTickResult>> FetchTickAsync(IReadOnlyList<GammaMarket> markets, bool forTiering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var tokens = markets.Select(m => m.YesTokenId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, ClobBook>? batch = null;
        if (tokens.Count > 1)
        {
            var books = await GetBooksAsync(tokens, cancellationToken).ConfigureAwait(false);
            if (books.IsSuccess)
            {
                batch = new Dictionary<string, ClobBook>(StringComparer.Ordinal);
                foreach (var b in books.Value)
                {
                    batch.TryAdd(b.TokenId, b);
                }
            }
        }

        var results = new MarketTickResult[markets.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, markets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var prefetched = markets[i].YesTokenId is { } t && batch is not null ? batch.GetValueOrDefault(t) : null;
                var result = await FetchSnapshotAsync(markets[i], prefetched, forTiering, ct).ConfigureAwait(false);
                results[i] = new MarketTickResult(markets[i].Id, result);
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>For <c>mm connectivity</c>: resolves a base URL's host; dns error naming the host when it does not.</summary>
    public static async Task<FetchResult<int>> ResolveHostAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(baseUrl.DnsSafeHost, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? FetchResult<int>.Ok(addresses.Length)
                : FetchResult<int>.Fail(new FetchError(FetchErrorKinds.Dns, $"cannot resolve host {baseUrl.Host}: no addresses", false) { Host = baseUrl.Host });
        }
        catch (SocketException ex)
        {
            return FetchResult<int>.Fail(new FetchError(FetchErrorKinds.Dns, $"cannot resolve host {baseUrl.Host}: {ex.SocketErrorCode}", false) { Host = baseUrl.Host });
        }
    }

    private async Task<FetchResult<IReadOnlyList<GammaMarket>>> DiscoverLegacyAsync(DiscoveryKeep? keep, CancellationToken cancellationToken)
    {
        var markets = new Collected(keep);
        for (var page = 0; page < _options.MaxPages; page++)
        {
            var offset = page * _options.PageSize;
            var body = await GetAsync(_options.GammaBaseUrl, $"markets?limit={_options.PageSize}&offset={offset}&closed=false", _options.MaxListResponseBytes, cancellationToken)
                .ConfigureAwait(false);
            if (!body.IsSuccess)
            {
                if (page == 0 && body.Error.Kind == FetchErrorKinds.Http404)
                {
                    return Fail<IReadOnlyList<GammaMarket>>(new FetchError(FetchErrorKinds.ApiMoved,
                        $"Gamma answered 404 on /markets/keyset and /markets at {_options.GammaBaseUrl}: the API may have moved",
                        IsTransient: false)
                    { Host = _options.GammaBaseUrl.Authority, StatusCode = 404 });
                }

                return Fail<IReadOnlyList<GammaMarket>>(body.Error);
            }

            var parsed = PolymarketParser.ParseGammaLegacyPage(body.Value, _options.KeepMarketJson);
            if (!parsed.IsSuccess)
            {
                return Fail<IReadOnlyList<GammaMarket>>(parsed.Error);
            }

            // Upstream clamps limit silently, so a short page proves nothing; only an empty page ends the walk.
            var added = parsed.Value.Markets.Count == 0 ? 0 : markets.AddNew(parsed.Value.Markets);
            DiscoveredCount = markets.Count;
            if (added == 0)
            {
                return FetchResult<IReadOnlyList<GammaMarket>>.Ok(markets.Result);
            }
        }

        return FetchResult<IReadOnlyList<GammaMarket>>.Ok(markets.Result);
    }

    private Task<FetchResult<string>> GetAsync(Uri baseUrl, string relative, long maxBytes, CancellationToken cancellationToken) =>
        SendAsync(baseUrl, () => new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, relative)), maxBytes, cancellationToken);

    private async Task<FetchResult<string>> SendAsync(Uri baseUrl, Func<HttpRequestMessage> makeRequest, long maxBytes, CancellationToken cancellationToken)
    {
        var host = baseUrl.Authority;
        if (_cooldowns.TryGetValue(host, out var cooldown) && _time.GetUtcNow() is var now && now < cooldown.Until)
        {
            return FetchResult<string>.Fail(new FetchError(FetchErrorKinds.Cooldown,
                $"not calling {host} until its Retry-After passes", IsTransient: true)
            { Host = host, RetryAfter = cooldown.Until - now, RetryAfterDemanded = cooldown.Demanded });
        }

        var bucket = _buckets.GetOrAdd(host, _ => new TokenBucket(_options.RequestsPerSecond, _options.Burst, _time));
        // The call's deadline covers every attempt, the backoff between them and the token bucket's wait.
        using var deadline = new CancellationTokenSource(Max(_options.CallDeadline, _options.RequestTimeout), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HttpAttempt attempt;
        try
        {
            attempt = await _retry.ExecuteAsync(async ct =>
            {
                await bucket.AcquireAsync(ct).ConfigureAwait(false);
                return await _timeout.ExecuteAsync(async t => await SendOnceAsync(makeRequest, host, maxBytes, t).ConfigureAwait(false), ct).ConfigureAwait(false);
            }, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            return FetchResult<string>.Fail(new FetchError(FetchErrorKinds.Timeout,
                $"no complete answer from {host} within {(deadline.IsCancellationRequested ? Max(_options.CallDeadline, _options.RequestTimeout) : _options.RequestTimeout).TotalSeconds:0.###} s",
                IsTransient: true)
            { Host = host });
        }
        catch (HttpRequestException ex)
        {
            return FetchResult<string>.Fail(MapException(ex, host));
        }
        catch (IOException ex)
        {
            return FetchResult<string>.Fail(Lost(ex, host));
        }

        return attempt.Failure is { } failure ? FetchResult<string>.Fail(failure) : MapStatus(attempt, host);
    }

    /// <summary>
    /// One attempt: headers first, then the body as a stream, never more than <paramref name="maxBytes"/> of it
    /// (decompressed). An over-long body or a redirect ends the attempt as a failure value without retry.
    /// </summary>
    private async Task<HttpAttempt> SendOnceAsync(Func<HttpRequestMessage> makeRequest, string host, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = makeRequest();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var target = response.Headers.Location is { } location
                ? (location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location)).Authority
                : "an unnamed location";
            return HttpAttempt.Failed(new FetchError(FetchErrorKinds.Redirect,
                $"{host} answered HTTP {status.ToString(CultureInfo.InvariantCulture)} redirecting to {target}; redirects are not followed",
                IsTransient: false)
            { Host = host, StatusCode = status });
        }

        var success = status is >= 200 and < 300;
        if (success && response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return HttpAttempt.Failed(TooLarge(host, maxBytes, $"it announced {declared.ToString(CultureInfo.InvariantCulture)} bytes"));
        }

        var (body, complete) = await ReadBoundedAsync(response.Content, success ? maxBytes : ErrorBodyBytes, keepPrefix: !success, cancellationToken).ConfigureAwait(false);
        if (success && !complete)
        {
            return HttpAttempt.Failed(TooLarge(host, maxBytes, "the body did not end there"));
        }

        var (wait, demanded) = RetryAfterOf(response);
        return new HttpAttempt(status, body, wait, demanded, null);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes (see <see cref="BoundedBody"/>); <c>complete</c> is false when the body had more.</summary>
    private static async Task<(string Body, bool Complete)> ReadBoundedAsync(HttpContent content, long limit, bool keepPrefix, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await BoundedBody.ReadAsync(stream, limit, keepPrefix, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FetchError TooLarge(string host, long limit, string detail) =>
        new(FetchErrorKinds.TooLarge,
            $"answer from {host} exceeds the {FormatBytes(limit)} limit ({detail}); abandoned (raise with --max-response-mb)",
            IsTransient: false)
        { Host = host };

    private static string FormatBytes(long bytes) =>
        bytes % (1L << 20) == 0
            ? $"{(bytes >> 20).ToString(CultureInfo.InvariantCulture)} MB"
            : $"{bytes.ToString(CultureInfo.InvariantCulture)} byte";

    private static FetchError Lost(IOException ex, string host) =>
        new(FetchErrorKinds.ConnectionLost, $"connection to {host} lost before the answer was complete: {ex.Message}", IsTransient: true) { Host = host };

    /// <summary>
    /// Retry-After as delta-seconds or HTTP-date. Returns the wait honoured (capped at the options' maximum) and the
    /// demand itself (clamped to a year); both null when the header is absent or unreadable.
    /// </summary>
    private (TimeSpan? Wait, TimeSpan? Demanded) RetryAfterOf(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Retry-After", out var values) || values.Count == 0)
        {
            return (null, null);
        }

        var demanded = ParseRetryAfter(values.ToString(), _time.GetUtcNow());
        return demanded is { } d ? (d > _options.MaxRetryAfter ? _options.MaxRetryAfter : d, d) : (null, null);
    }

    /// <summary>Delta-seconds or an HTTP-date, clamped to [0, 365 days]; null when neither form parses.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit))
        {
            // Digits only: delta-seconds, however many of them (an overflowing number is simply "very long").
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < LongestDemand.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : LongestDemand;
        }

        if (DateTimeOffset.TryParseExact(text, HttpDateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            // Compare before subtracting: both ends of the calendar stay inside TimeSpan's range, but keep it obvious.
            return date <= now ? TimeSpan.Zero : date - now > LongestDemand ? LongestDemand : date - now;
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private FetchResult<string> MapStatus(HttpAttempt attempt, string host)
    {
        var status = attempt.Status;
        if (status is >= 200 and < 300)
        {
            return FetchResult<string>.Ok(attempt.Body);
        }

        if (status == 429)
        {
            var wait = attempt.RetryAfter ?? DefaultRetryAfter;
            var demanded = attempt.RetryAfterDemanded ?? wait;
            var rest = new Cooldown(_time.GetUtcNow() + wait, demanded);
            _cooldowns.AddOrUpdate(host, rest, (_, old) => old.Until > rest.Until ? old : rest);
            var capped = demanded > wait ? $" (asked for {demanded.TotalSeconds:0} s; capped)" : "";
            return FetchResult<string>.Fail(new FetchError(FetchErrorKinds.Http429,
                $"{host} rate-limited us; retry after {wait.TotalSeconds:0.###} s{capped}", IsTransient: true)
            { Host = host, StatusCode = status, RetryAfter = wait, RetryAfterDemanded = demanded });
        }

        var (kind, transient) = status switch
        {
            404 => (FetchErrorKinds.Http404, false),
            >= 500 => (FetchErrorKinds.Http5xx, true),
            _ => (FetchErrorKinds.Http4xx, false),
        };
        var excerpt = attempt.Body.Length <= 120 ? attempt.Body : attempt.Body[..120] + "…";
        return FetchResult<string>.Fail(new FetchError(kind, $"HTTP {status.ToString(CultureInfo.InvariantCulture)} from {host}: {excerpt}", transient)
        { Host = host, StatusCode = status });
    }

    private static FetchError MapException(HttpRequestException ex, string host)
    {
        var socket = FindSocketError(ex);
        if (ex.HttpRequestError == HttpRequestError.NameResolutionError || socket is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return new FetchError(FetchErrorKinds.Dns, $"cannot resolve host {host}", IsTransient: false) { Host = host };
        }

        if (socket == SocketError.ConnectionRefused)
        {
            return new FetchError(FetchErrorKinds.ConnectionRefused, $"connection refused by {host}", IsTransient: false) { Host = host };
        }

        // A reset or an early end before the headers were read is the same fault as one mid-body: the answer was lost.
        if (ex.HttpRequestError == HttpRequestError.ResponseEnded || socket is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return new FetchError(FetchErrorKinds.ConnectionLost, $"connection to {host} lost before the answer was complete: {ex.Message}", IsTransient: true) { Host = host };
        }

        return new FetchError(FetchErrorKinds.Other, $"{ex.HttpRequestError} talking to {host}: {ex.Message}", IsTransient: true) { Host = host };
    }

    private static SocketError? FindSocketError(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s.SocketErrorCode;
            }
        }

        return null;
    }

    private static bool IsRetryable(HttpRequestException ex) =>
        ex.HttpRequestError is not HttpRequestError.NameResolutionError
        && FindSocketError(ex) is not (SocketError.ConnectionRefused or SocketError.HostNotFound);

    // Every failed attempt the venue caused is counted, retried or not: otherwise a 5xx that a retry papered over
    // would never show in fetch_errors, and a flaky venue would look healthy in the reports.
    private static ResiliencePipeline<HttpAttempt> BuildRetry(PolymarketOptions options, TimeProvider time, FetchErrorCounter errors)
    {
        var builder = new ResiliencePipelineBuilder<HttpAttempt> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            var jitter = new Random(options.JitterSeed);
            var gate = new object();
            builder.AddRetry(new RetryStrategyOptions<HttpAttempt>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = () =>
                {
                    lock (gate)
                    {
                        return jitter.NextDouble();
                    }
                },
                ShouldHandle = new PredicateBuilder<HttpAttempt>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<HttpRequestException>(IsRetryable)
                    .Handle<IOException>()
                    .HandleResult(a => a.Failure is null && a.Status >= 500),
                OnRetry = args =>
                {
                    var kind = args.Outcome.Exception switch
                    {
                        null => FetchErrorKinds.Http5xx,
                        TimeoutRejectedException => FetchErrorKinds.Timeout,
                        HttpRequestException h => MapException(h, string.Empty).Kind,
                        IOException => FetchErrorKinds.ConnectionLost,
                        _ => FetchErrorKinds.Other,
                    };
                    errors.Count(new FetchError(kind, "attempt failed; retrying", IsTransient: true));
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private static Uri WithSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private FetchResult<T> Fail<T>(FetchError error)
    {
        Errors.Count(error);
        return FetchResult<T>.Fail(error);
    }

    // Leaf calls count their own failure (transport or parse) exactly once; composite calls pass it on uncounted.
    private FetchResult<T> Track<T>(FetchResult<T> result)
    {
        if (!result.IsSuccess)
        {
            Errors.Count(result.Error);
        }

        return result;
    }

    /// <summary>Discovered markets, de-duplicated by id; with a <see cref="DiscoveryKeep"/>, only its smallest ids.</summary>
    private sealed class Collected(DiscoveryKeep? keep)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<GammaMarket> _all = [];
        private readonly SortedSet<GammaMarket> _smallest = new(Comparer<GammaMarket>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id)));

        public int Count => _seen.Count;

        public IReadOnlyList<GammaMarket> Result => keep is null ? _all : [.. _smallest];

        /// <summary>Adds the page's markets not seen before; returns how many were new.</summary>
        public int AddNew(IReadOnlyList<GammaMarket> page)
        {
            var added = 0;
            foreach (var m in page)
            {
                if (!_seen.Add(m.Id))
                {
                    continue;
                }

                added++;
                if (keep is null)
                {
                    _all.Add(m);
                }
                else if (keep.Filter(m))
                {
                    _smallest.Add(m);
                    if (_smallest.Count > keep.Limit)
                    {
                        _smallest.Remove(_smallest.Max!);
                    }
                }
            }

            return added;
        }
    }

    private readonly record struct Cooldown(DateTimeOffset Until, TimeSpan Demanded);

    private readonly record struct HttpAttempt(int Status, string Body, TimeSpan? RetryAfter, TimeSpan? RetryAfterDemanded, FetchError? Failure)
    {
        public static HttpAttempt Failed(FetchError failure) => new(0, string.Empty, null, null, failure);
    }
}
