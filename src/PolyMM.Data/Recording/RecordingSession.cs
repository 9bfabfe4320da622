using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Recording;

/// <summary>
/// The polling loop of <c>mm record</c>: every interval of wall time, fetch all markets concurrently and append each
/// snapshot that arrived; failed fetches are skipped (the client counts them). Ends when the duration is over, when
/// an optional number of polls is done (docs/design.md#recording), or when the token fires; the files are complete
/// up to the last poll either way.
/// </summary>
public sealed class RecordingSession(PolymarketClient client, IReadOnlyList<GammaMarket> markets, FixtureRecorder recorder, TimeProvider time)
{
    public long Polls { get; private set; }

    /// <summary>True once the poll limit of <see cref="RunAsync"/> was reached (the recording stopped for it).</summary>
    public bool PollLimitReached { get; private set; }

    /// <summary>
    /// Polls until <paramref name="duration"/> of wall time has passed or, when <paramref name="maxPolls"/> is set,
    /// until that many polls are done, whichever comes first (a poll counts whether or not its fetches succeeded).
    /// Either stop is a completed recording (true); false when cancelled first.
    /// </summary>
    /// <param name="interval">Time between polls.</param>
    /// <param name="duration">Wall time to record.</param>
    /// <param name="maxPolls">Polls to record at most; null for no limit.</param>
    /// <param name="onPoll">Called after each poll with the errors of that poll (for logging and progress).</param>
    /// <param name="cancellationToken">Stops recording.</param>
    public async Task<bool> RunAsync(TimeSpan interval, TimeSpan duration, long? maxPolls, Action<IReadOnlyList<FetchError>>? onPoll, CancellationToken cancellationToken)
    {
        if (maxPolls is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1L, nameof(maxPolls));
        }

        var pacer = new TickPacer(time, interval, duration);
        try
        {
            do
            {
                var results = await client.FetchTickAsync(markets, cancellationToken).ConfigureAwait(false);
                var errors = new List<FetchError>();
                foreach (var r in results)
                {
                    if (r.Result.IsSuccess)
                    {
                        recorder.Append(r.Result.Value);
                    }
                    else
                    {
                        errors.Add(r.Result.Error);
                    }
                }

                Polls++;
                onPoll?.Invoke(errors);
                if (Polls >= maxPolls)
                {
                    PollLimitReached = true;
                    break;
                }
            }
            while (await pacer.WaitNextAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return true;
    }
}
