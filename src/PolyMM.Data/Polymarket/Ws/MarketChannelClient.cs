using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>Counters of a <see cref="MarketChannelClient"/>; read while it runs.</summary>
public sealed class MarketChannelStats
{
    internal long _connects, _reconnects, _connectFailures, _disconnects, _watchdog, _tooLarge, _frames, _pongs, _pings, _resyncs;

    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Connections opened after the first one of their slot.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Sessions ended by the server or the network (closed, reset, error).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Sessions ended by the inactivity watchdog.</summary>
    public long WatchdogTrips => Interlocked.Read(ref _watchdog);

    /// <summary>Messages longer than the limit (the session was dropped).</summary>
    public long TooLarge => Interlocked.Read(ref _tooLarge);

    /// <summary>Frames delivered (PONGs included).</summary>
    public long Frames => Interlocked.Read(ref _frames);

    public long Pongs => Interlocked.Read(ref _pongs);

    public long Pings => Interlocked.Read(ref _pings);

    /// <summary>Resync requests handed to the caller (after every reconnect).</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);
}

/// <summary>
/// The market-channel client (docs/design.md#websocket-market-channel): one WebSocket per slice of at most
/// <see cref="MarketChannelOptions.MaxAssetsPerConnection"/> token ids, each subscribed on open, kept alive with a text
/// <c>PING</c>, watched for data inactivity, and reopened after any failure with capped exponential backoff and seeded
/// jitter. Every received frame goes to <c>onFrame(connection, receive time, text)</c> verbatim, from the
/// connection's own task (several connections call it concurrently). After every reconnect <c>onResync</c> receives the
/// slot's token ids so the caller can take REST snapshots. All timing uses the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class MarketChannelClient
{
    private readonly MarketChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<int, DateTimeOffset, string> _onFrame;
    private readonly Func<int, IReadOnlyList<string>, CancellationToken, Task>? _onResync;
    private readonly Random _jitter;
    private readonly object _jitterGate = new();

    public MarketChannelClient(
        MarketChannelOptions options, IReadOnlyList<string> assetIds, TimeProvider time,
        Action<int, DateTimeOffset, string> onFrame, Func<int, IReadOnlyList<string>, CancellationToken, Task>? onResync = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assetIds);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(onFrame);
        options.Validate();
        _options = options;
        _time = time;
        _onFrame = onFrame;
        _onResync = onResync;
        _jitter = new Random(options.JitterSeed);
        Slices = [.. assetIds.Distinct(StringComparer.Ordinal).Chunk(options.MaxAssetsPerConnection).Select(c => (IReadOnlyList<string>)c)];
    }

    /// <summary>Token ids per connection (connection n = index n − 1).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Slices { get; }

    public MarketChannelStats Stats { get; } = new();

    /// <summary>The subscribe message the venue expects for <paramref name="assetIds"/>.</summary>
    public static string SubscribeMessage(IReadOnlyList<string> assetIds)
    {
        ArgumentNullException.ThrowIfNull(assetIds);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("assets_ids");
            foreach (var a in assetIds)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
            w.WriteString("type", "market");
            w.WriteBoolean("initial_dump", true);
            w.WriteNumber("level", 2);
            w.WriteBoolean("custom_feature_enabled", false);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Runs every connection until <paramref name="cancellationToken"/> fires; never throws for network trouble.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Slices.Select((slice, i) => SlotAsync(i + 1, slice, cancellationToken)));

    private async Task SlotAsync(int conn, IReadOnlyList<string> assets, CancellationToken ct)
    {
        var attempt = 0;
        var sessions = 0;
        while (!ct.IsCancellationRequested)
        {
            var gotData = await SessionAsync(conn, assets, sessions, ct).ConfigureAwait(false);
            sessions++;
            if (ct.IsCancellationRequested)
            {
                return;
            }

            // A session that delivered data was healthy: the next failure starts the backoff over.
            attempt = gotData ? 0 : attempt + 1;
            TimeSpan delay;
            lock (_jitterGate)
            {
                delay = _options.Backoff(attempt, _jitter);
            }

            try
            {
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection from open to close; true when it delivered at least one data frame.</summary>
    private async Task<bool> SessionAsync(int conn, IReadOnlyList<string> assets, int sessions, CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        ws.Options.KeepAliveInterval = TimeSpan.Zero;
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            using (var connect = new CancellationTokenSource(_options.ConnectTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, connect.Token))
            {
                await ws.ConnectAsync(_options.Url, linked.Token).ConfigureAwait(false);
                await SendTextAsync(ws, SubscribeMessage(assets), linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or HttpRequestException)
        {
            if (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref Stats._connectFailures);
            }

            return false;
        }

        Interlocked.Increment(ref Stats._connects);
        Task resync = Task.CompletedTask;
        if (sessions > 0)
        {
            Interlocked.Increment(ref Stats._reconnects);
            if (_onResync is not null)
            {
                Interlocked.Increment(ref Stats._resyncs);
                resync = ResyncAsync(conn, assets, session.Token);
            }
        }

        var state = new SessionState(_time.GetTimestamp());
        var keepAlive = KeepAliveAsync(ws, state, session);
        var gotData = false;
        try
        {
            gotData = await ReceiveAsync(conn, ws, state, session.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            gotData = state.DataFrames > 0;
            if (!ct.IsCancellationRequested && !state.WatchdogTripped && !state.TooLarge)
            {
                Interlocked.Increment(ref Stats._disconnects);
            }
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            ws.Abort();
            await keepAlive.ConfigureAwait(false);
            await resync.ConfigureAwait(false);
        }

        return gotData;
    }

    private async Task ResyncAsync(int conn, IReadOnlyList<string> assets, CancellationToken ct)
    {
        try
        {
            await _onResync!(conn, assets, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the session ended first
        }
    }

    /// <summary>Reads messages until the socket closes; throws on network errors and when the session is cancelled.</summary>
    private async Task<bool> ReceiveAsync(int conn, ClientWebSocket ws, SessionState state, CancellationToken ct)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(chunk.AsMemory(), ct).ConfigureAwait(false);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        if (!ct.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref Stats._disconnects);
                        }

                        return state.DataFrames > 0;
                    }

                    if (message.WrittenCount + r.Count > _options.MaxMessageBytes)
                    {
                        state.TooLarge = true;
                        Interlocked.Increment(ref Stats._tooLarge);
                        return state.DataFrames > 0;
                    }

                    message.Write(chunk.AsSpan(0, r.Count));
                }
                while (!r.EndOfMessage);

                var received = _time.GetUtcNow();
                var text = Encoding.UTF8.GetString(message.WrittenSpan);
                Interlocked.Increment(ref Stats._frames);
                if (text.AsSpan().Trim().Equals("PONG", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref Stats._pongs);
                }
                else
                {
                    state.DataFrames++;
                    Volatile.Write(ref state.LastData, _time.GetTimestamp());
                }

                _onFrame(conn, received, text);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Sends PING on time and trips the watchdog when no data came for the inactivity timeout.</summary>
    private async Task KeepAliveAsync(ClientWebSocket ws, SessionState state, CancellationTokenSource session)
    {
        var tick = TimeSpan.FromTicks(Math.Min(_options.PingInterval.Ticks, _options.InactivityTimeout.Ticks) / 4);
        var lastPing = _time.GetTimestamp();
        try
        {
            while (!session.IsCancellationRequested)
            {
                await Task.Delay(tick, _time, session.Token).ConfigureAwait(false);
                if (_time.GetElapsedTime(Volatile.Read(ref state.LastData)) >= _options.InactivityTimeout)
                {
                    state.WatchdogTripped = true;
                    Interlocked.Increment(ref Stats._watchdog);
                    await session.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (_time.GetElapsedTime(lastPing) >= _options.PingInterval)
                {
                    lastPing = _time.GetTimestamp();
                    await SendTextAsync(ws, "PING", session.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref Stats._pings);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // the session is over; the receive side reports why
        }
    }

    private static Task SendTextAsync(ClientWebSocket ws, string text, CancellationToken ct) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    private sealed class SessionState(long start)
    {
        public long LastData = start;
        public long DataFrames;
        public bool WatchdogTripped;
        public bool TooLarge;
    }
}
