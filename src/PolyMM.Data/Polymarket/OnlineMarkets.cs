using PolyMM.Core.Market;
using PolyMM.Core.Selection;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// The start-up every online command shares: discover the open markets (retrying transient failures) and select
/// the ones to follow per docs/design.md#tiers-and-selection — the whitelist when given, else binary markets whose first fetched snapshot is
/// tier A, sorted by id, the first <c>count</c>.
/// </summary>
public static class OnlineMarkets
{
    /// <summary>Discovery attempts before a transient failure (429, 5xx, garbage) is given up on.</summary>
    public const int DiscoveryAttempts = 6;

    /// <summary>Fetch rounds per batch of candidates: a transiently failing market gets this many chances to be seen.</summary>
    public const int SnapshotRounds = 3;

    /// <summary>
    /// The live venue lists tens of thousands of markets, so automatic selection walks the candidates in id order in
    /// batches and stops once enough are found. This bounds the walk (<c>--scan-limit</c>); the result equals a full
    /// scan's whenever the selection fills before the bound.
    /// </summary>
    public const int DefaultMaxScan = 500;

    /// <summary>Fewest candidates whose books one scan batch asks for (one <c>POST /books</c> per batch and round).</summary>
    public const int MinScanBatch = 50;

    /// <summary>
    /// The line start-up prints when the venue asks for a longer pause than <see cref="PolymarketOptions.MaxRetryAfter"/>:
    /// waiting that out would look like a hang.
    /// </summary>
    public static string RateLimitedMessage(FetchError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var demanded = error.RetryAfterDemanded ?? error.RetryAfter ?? TimeSpan.Zero;
        // Demands are clamped to a year when parsed; a clamped one is reported as such rather than as a number.
        var span = demanded >= TimeSpan.FromDays(365)
            ? "more than 365 days"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{demanded.TotalSeconds:0} s");
        return $"rate-limited by {error.Host ?? "the venue"} for {span}; try later";
    }

    /// <summary>True for a 429 (or the cooldown after one) whose Retry-After exceeds the client's cap.</summary>
    public static bool IsLongRateLimit(FetchError error, PolymarketOptions options)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(options);
        return error.Kind is FetchErrorKinds.Http429 or FetchErrorKinds.Cooldown && error.RetryAfterDemanded > options.MaxRetryAfter;
    }

    public static async Task<FetchResult<IReadOnlyList<GammaMarket>>> DiscoverAsync(
        PolymarketClient client, TimeProvider time, CancellationToken cancellationToken, DiscoveryKeep? keep = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        for (var attempt = 1; ; attempt++)
        {
            var result = await client.DiscoverMarketsAsync(keep, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess || !result.Error.IsTransient || attempt >= DiscoveryAttempts || IsLongRateLimit(result.Error, client.Options))
            {
                return result;
            }

            var wait = result.Error.RetryAfter ?? TimeSpan.FromMilliseconds(200 * attempt);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What discovery must keep for an automatic selection scanning at most <paramref name="scanLimit"/> candidates:
    /// the smallest ids among binary markets with a YES token that pass <paramref name="usable"/>.
    /// </summary>
    public static DiscoveryKeep CandidatesFor(int scanLimit, Func<GammaMarket, bool> usable)
    {
        ArgumentNullException.ThrowIfNull(usable);
        return new DiscoveryKeep(scanLimit, m => m.IsBinary && m.YesTokenId is not null && usable(m));
    }

    /// <param name="client">Client to fetch first snapshots with.</param>
    /// <param name="markets">Discovered markets.</param>
    /// <param name="whitelist">Ids replacing automatic selection when non-empty (no snapshot is fetched then).</param>
    /// <param name="count">How many markets to select.</param>
    /// <param name="time">Clock for waits between fetch rounds.</param>
    /// <param name="progress">Receives (scanned, candidates) after every batch.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <param name="maxScan">Bound on candidates whose first snapshot is fetched.</param>
    public static async Task<SelectionResult<GammaMarket>> SelectAsync(
        PolymarketClient client,
        IReadOnlyList<GammaMarket> markets,
        IReadOnlyList<string> whitelist,
        int count,
        TimeProvider time,
        Action<int, int>? progress,
        CancellationToken cancellationToken,
        int maxScan = DefaultMaxScan)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(whitelist);
        if (whitelist.Count > 0)
        {
            return MarketSelector.Select(markets, m => m.ToMarketInfo(), _ => null, whitelist, count);
        }

        var candidates = markets
            .Where(m => m.IsBinary && m.YesTokenId is not null)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Take(maxScan)
            .ToList();
        var first = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxScan, 1);
        var batchSize = Math.Max(MinScanBatch, count * 2);
        var result = SelectionResult<GammaMarket>.Fail(MarketSelector.NoMarketsMessage);
        for (var at = 0; at < candidates.Count; at += batchSize)
        {
            var batch = candidates.GetRange(at, Math.Min(batchSize, candidates.Count - at));
            if (await FetchFirstAsync(client, batch, first, time, cancellationToken).ConfigureAwait(false) is { } longLimit)
            {
                return SelectionResult<GammaMarket>.Fail(RateLimitedMessage(longLimit));
            }

            var scanned = at + batch.Count;
            progress?.Invoke(scanned, candidates.Count);
            // The scanned candidates are a prefix in id order, so selecting among them equals a full scan once it fills.
            result = MarketSelector.Select(candidates.GetRange(0, scanned), m => m.ToMarketInfo(),
                m => first.TryGetValue(m.Id, out var s) ? s : null, [], count);
            if (result.Markets.Count >= count)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Fetches first snapshots; returns the 429 when the venue asked for a longer pause than the cap.</summary>
    private static async Task<FetchError?> FetchFirstAsync(
        PolymarketClient client, List<GammaMarket> batch, Dictionary<string, Snapshot> first, TimeProvider time, CancellationToken cancellationToken)
    {
        var pending = batch;
        for (var round = 1; round <= SnapshotRounds && pending.Count > 0; round++)
        {
            var results = await client.FetchTieringTickAsync(pending, cancellationToken).ConfigureAwait(false);
            var retry = new List<GammaMarket>();
            var wait = TimeSpan.FromMilliseconds(100);
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i].Result;
                if (r.IsSuccess)
                {
                    first[pending[i].Id] = r.Value.Snapshot;
                }
                else if (IsLongRateLimit(r.Error, client.Options))
                {
                    return r.Error;
                }
                else if (r.Error.IsTransient)
                {
                    retry.Add(pending[i]);
                    if (r.Error.RetryAfter is { } after && after > wait)
                    {
                        wait = after;
                    }
                }
            }

            pending = retry;
            if (pending.Count > 0 && round < SnapshotRounds)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }
}
