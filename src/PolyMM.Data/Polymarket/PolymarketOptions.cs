namespace PolyMM.Data.Polymarket;

/// <summary>
/// Everything the Polymarket client needs to know about where and how hard to call. Defaults are the public
/// venue with a self-imposed budget well under its published limits (docs/design.md#online-data: Gamma /markets 300 per 10 s,
/// CLOB /book 1,500 per 10 s; NautilusTrader self-limits to far less).
/// </summary>
public sealed record PolymarketOptions
{
    public const string DefaultGammaUrl = "https://gamma-api.polymarket.com";
    public const string DefaultClobUrl = "https://clob.polymarket.com";
    public const long DefaultMaxListResponseBytes = 16L << 20;
    public const long DefaultMaxResponseBytes = 4L << 20;

    public Uri GammaBaseUrl { get; init; } = new(DefaultGammaUrl);

    public Uri ClobBaseUrl { get; init; } = new(DefaultClobUrl);

    /// <summary>
    /// Deadline of one HTTP attempt, headers and body together (each retry gets a fresh one): a server that drips a
    /// byte at a time cannot keep an attempt alive past it.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of one call including its retries and backoff; bounds what a single call can cost.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest market-list page accepted, in bytes after decompression; larger answers are <c>too_large</c>.</summary>
    public long MaxListResponseBytes { get; init; } = DefaultMaxListResponseBytes;

    /// <summary>Largest answer of any other endpoint (books, last trade, market), in bytes after decompression.</summary>
    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Longest Retry-After honoured. A longer demand cools the host down for this long instead (counted as usual);
    /// start-up treats it as "try later".
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt, for 5xx and timeouts only (never 429, never 4xx).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Concurrent market fetches within one tick.</summary>
    public int MaxParallelism { get; init; } = 8;

    /// <summary>Gamma keyset page size; the venue caps it at 100 (docs/design.md#polymarket-wire-facts).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Safety stop for discovery: no more than this many pages are walked (5,000 × 100 = 500,000 markets).</summary>
    public int MaxPages { get; init; } = 5000;

    /// <summary>Token-bucket refill per host, requests per second (25/s = 250 per 10 s, under every listed limit).</summary>
    public double RequestsPerSecond { get; init; } = 25;

    /// <summary>Token-bucket capacity per host.</summary>
    public int Burst { get; init; } = 20;

    /// <summary>Keep each discovered market's JSON text (<see cref="GammaMarket.Raw"/>); only <c>mm record</c> needs it.</summary>
    public bool KeepMarketJson { get; init; } = true;

    /// <summary>Seed for backoff jitter, so a rerun retries on the same schedule.</summary>
    public int JitterSeed { get; init; } = 1;

    /// <summary>Throws for values no run could work with; the CLI turns this into exit 2.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(GammaBaseUrl);
        ArgumentNullException.ThrowIfNull(ClobBaseUrl);
        if (!GammaBaseUrl.IsAbsoluteUri || !ClobBaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("Gamma and CLOB base URLs must be absolute.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CallDeadline, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxListResponseBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAfter.Ticks);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfNegative(RetryBaseDelay.Ticks);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestsPerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(Burst, 1);
    }

    /// <summary>
    /// Resolves the base URLs the way the CLI documents it: explicit flag, else MM_GAMMA_URL / MM_CLOB_URL, else default.
    /// The environment is passed in (not read here) so callers and tests control it.
    /// </summary>
    public static PolymarketOptions FromSources(string? gammaFlag, string? clobFlag, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var gamma = Pick(gammaFlag, environment("MM_GAMMA_URL"), DefaultGammaUrl);
        var clob = Pick(clobFlag, environment("MM_CLOB_URL"), DefaultClobUrl);
        return new PolymarketOptions { GammaBaseUrl = new Uri(gamma), ClobBaseUrl = new Uri(clob) };

        static string Pick(string? flag, string? env, string fallback) =>
            !string.IsNullOrWhiteSpace(flag) ? flag : !string.IsNullOrWhiteSpace(env) ? env : fallback;
    }
}
