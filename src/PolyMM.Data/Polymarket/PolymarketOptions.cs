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

    public Uri GammaBaseUrl { get; init; } = new(DefaultGammaUrl);

    public Uri ClobBaseUrl { get; init; } = new(DefaultClobUrl);

    /// <summary>Timeout of one HTTP attempt (each retry gets a fresh one).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, for 5xx and timeouts only (never 429, never 4xx).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Concurrent market fetches within one tick.</summary>
    public int MaxParallelism { get; init; } = 8;

    /// <summary>Gamma keyset page size; the venue caps it at 100 (docs/design.md#polymarket-wire-facts).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Safety stop for discovery: no more than this many pages are walked.</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>Token-bucket refill per host, requests per second (20/s = 200 per 10 s, under every listed limit).</summary>
    public double RequestsPerSecond { get; init; } = 20;

    /// <summary>Token-bucket capacity per host.</summary>
    public int Burst { get; init; } = 20;

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
