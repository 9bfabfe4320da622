namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The market-channel side of <c>mm record --feed ws</c> (docs/design.md#websocket-recording): a REST book snapshot
/// of every token at start, then every frame of every connection into the recorder, a fresh REST snapshot of a
/// connection's tokens after each reconnect, and a flush of the buffered lines every second.
/// </summary>
public sealed class WsRecordingSession
{
    private const int BooksPerRequest = 100;
    private readonly PolymarketClient _rest;
    private readonly WsRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _tokens;
    private long _restSnapshots;
    private long _restFailures;

    public WsRecordingSession(PolymarketClient rest, MarketChannelOptions options, IReadOnlyList<string> tokens, WsRecorder recorder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(tokens);
        _rest = rest;
        _recorder = recorder;
        _time = time;
        _tokens = tokens;
        Client = new MarketChannelClient(options, tokens, time, (conn, received, frame) => recorder.Append(received, conn, frame), (_, assets, ct) => SnapshotAsync(assets, ct));
    }

    public MarketChannelClient Client { get; }

    /// <summary>REST snapshot answers written (one line per batch of up to 100 tokens).</summary>
    public long RestSnapshots => Interlocked.Read(ref _restSnapshots);

    public long RestFailures => Interlocked.Read(ref _restFailures);

    /// <summary>Records for <paramref name="duration"/> of wall time; false when cancelled first.</summary>
    public async Task<bool> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var until = new CancellationTokenSource(duration, _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, until.Token);
        try
        {
            await SnapshotAsync(_tokens, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return !cancellationToken.IsCancellationRequested;
        }

        var flushing = FlushLoopAsync(stop.Token);
        await Client.RunAsync(stop.Token).ConfigureAwait(false);
        await flushing.ConfigureAwait(false);
        _recorder.Flush();
        return !cancellationToken.IsCancellationRequested;
    }

    private async Task SnapshotAsync(IReadOnlyList<string> tokens, CancellationToken ct)
    {
        foreach (var chunk in tokens.Chunk(BooksPerRequest))
        {
            var answer = await _rest.GetBooksRawAsync(chunk, ct).ConfigureAwait(false);
            if (answer.IsSuccess)
            {
                _recorder.Append(_time.GetUtcNow(), 0, answer.Value, WsEnvelope.RestBookKind);
                Interlocked.Increment(ref _restSnapshots);
            }
            else
            {
                Interlocked.Increment(ref _restFailures);
            }
        }
    }

    private async Task FlushLoopAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, ct).ConfigureAwait(false);
                _recorder.Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // recording is over
        }
    }
}
