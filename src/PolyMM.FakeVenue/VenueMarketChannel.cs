using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.FakeVenue;

/// <summary>Market-channel counters of the fake venue (faults served, by kind).</summary>
public sealed record VenueChannelStats(
    long Connections, long FramesSent, long Dropped, long Duplicated, long Delayed, long Malformed, long Disconnects, long Freezes, long Pongs);

/// <summary>
/// The venue's market channel at <c>/ws/market</c> (docs/design.md#websocket-market-channel): answers text PING with
/// PONG, takes the subscribe message, sends a <c>book</c> per subscribed token, then every
/// <see cref="VenueOptions.WsIntervalMs"/> (or at <see cref="VenueOptions.WsRateFps"/> steps a second) one frame per subscribed market — a <c>price_change</c> moving the book from
/// one fixture line to the next (YES at p and NO at 1 − p, with the BBO after it), a YES <c>last_trade_price</c> when the
/// line's last trade price changed, and every 20th step fresh books —
/// or, with <see cref="VenueOptions.WsRecordingDir"/>, the recorded frames in order. Faults are drawn per data frame
/// from one seeded RNG: drop, duplicate, delay, malformed; plus a disconnect every N s and one silent freeze that still
/// answers PING.
/// </summary>
internal sealed class VenueMarketChannel(VenueOptions options, IReadOnlyList<VenueMarket> markets, TimeProvider time)
{
    private const int BookEvery = 20;
    private const decimal TradeSize = 1000m;
    private readonly Random _rng = new(options.Seed + 1);
    private readonly object _rngGate = new();
    private int _frozeOnce;
    private long _connections, _sent, _dropped, _duplicated, _delayed, _malformed, _disconnects, _freezes, _pongs;

    public VenueChannelStats Stats => new(
        Interlocked.Read(ref _connections), Interlocked.Read(ref _sent), Interlocked.Read(ref _dropped), Interlocked.Read(ref _duplicated),
        Interlocked.Read(ref _delayed), Interlocked.Read(ref _malformed), Interlocked.Read(ref _disconnects), Interlocked.Read(ref _freezes),
        Interlocked.Read(ref _pongs));

    public async Task HandleAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsync("expected a WebSocket upgrade", ctx.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var ws = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _connections);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        using var conn = new Connection(ws, time.GetTimestamp());
        var sending = SendLoopAsync(conn, stop.Token);
        try
        {
            await ReceiveLoopAsync(conn, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // the client went away
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await sending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // the connection is over either way
            }
        }
    }

    private async Task ReceiveLoopAsync(Connection conn, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (!ct.IsCancellationRequested)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult r;
            do
            {
                r = await conn.Socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
            }
            while (!r.EndOfMessage);

            var message = text.ToString().Trim();
            if (message == "PING")
            {
                Interlocked.Increment(ref _pongs);
                await conn.SendAsync("PONG", ct).ConfigureAwait(false);
            }
            else if (Subscription(message) is { } tokens)
            {
                // The initial dump: one book per newly subscribed token, in one array frame. The tokens are added while
                // the connection's send gate is held, so no step for them can go out before their dump.
                var dumped = await conn.SubscribeAsync(tokens, fresh => options.WsRecordingDir is null && fresh.Count > 0 ? Books(fresh, conn.Step) : null, ct)
                    .ConfigureAwait(false);
                if (dumped)
                {
                    Interlocked.Increment(ref _sent);
                }
            }
        }
    }

    private static List<string>? Subscription(string message)
    {
        try
        {
            using var doc = JsonDocument.Parse(message);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("assets_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
            {
                return [.. ids.EnumerateArray().Select(i => i.GetString()).OfType<string>()];
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private async Task SendLoopAsync(Connection conn, CancellationToken ct)
    {
        // Paced by a rate, the loop wakes every few ms and sends the steps the rate owes by now, so the average holds
        // exactly whatever the timer's granularity; otherwise one step per interval.
        var paced = options.WsRateFps > 0;
        var interval = paced ? TimeSpan.FromMilliseconds(5) : TimeSpan.FromMilliseconds(options.WsIntervalMs);
        using var recorded = options.WsRecordingDir is { } dir ? RecordedFrames(dir).GetEnumerator() : null;
        var frozenUntil = long.MinValue;
        long steps = 0;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, time, ct).ConfigureAwait(false);
            var owed = paced ? (long)(time.GetElapsedTime(conn.Opened).TotalSeconds * options.WsRateFps) - steps : 1;
            var age = time.GetElapsedTime(conn.Opened).TotalSeconds;
            if (frozenUntil != long.MinValue)
            {
                if (time.GetTimestamp() < frozenUntil)
                {
                    continue;
                }

                frozenUntil = long.MinValue;
            }
            else if (options.WsFreezeAfterSec >= 0 && age >= options.WsFreezeAfterSec && Interlocked.CompareExchange(ref _frozeOnce, 1, 0) == 0)
            {
                Interlocked.Increment(ref _freezes);
                frozenUntil = time.GetTimestamp() + (long)(options.WsFreezeSec * time.TimestampFrequency);
                continue;
            }

            if (options.WsDisconnectEverySec > 0 && age >= options.WsDisconnectEverySec)
            {
                Interlocked.Increment(ref _disconnects);
                conn.Socket.Abort();
                return;
            }

            for (; owed > 0; owed--)
            {
                steps++;
                List<string> frames;
                if (recorded is not null)
                {
                    if (!recorded.MoveNext())
                    {
                        break;
                    }

                    frames = [recorded.Current];
                }
                else
                {
                    frames = Synthesise(conn);
                }

                foreach (var f in frames)
                {
                    await SendWithFaultsAsync(conn, f, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task SendWithFaultsAsync(Connection conn, string frame, CancellationToken ct)
    {
        double draw;
        lock (_rngGate)
        {
            draw = _rng.NextDouble();
        }

        var o = options;
        if (draw < o.WsDropRate)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var copies = 1;
        if (draw < o.WsDropRate + o.WsDuplicateRate)
        {
            Interlocked.Increment(ref _duplicated);
            copies = 2;
        }
        else if (draw < o.WsDropRate + o.WsDuplicateRate + o.WsDelayRate)
        {
            Interlocked.Increment(ref _delayed);
            await Task.Delay(TimeSpan.FromMilliseconds(o.WsDelayMs), time, ct).ConfigureAwait(false);
        }
        else if (draw < o.WsDropRate + o.WsDuplicateRate + o.WsDelayRate + o.WsMalformedRate)
        {
            Interlocked.Increment(ref _malformed);
            frame = frame[..Math.Min(frame.Length, 40)];
        }

        for (var i = 0; i < copies; i++)
        {
            await conn.SendAsync(frame, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
        }
    }

    /// <summary>The next step's frame per subscribed market: fresh books every 20th step, else the change from the previous line.</summary>
    private List<string> Synthesise(Connection conn)
    {
        string[] tokens;
        lock (conn)
        {
            tokens = [.. conn.Tokens];
        }

        var step = ++conn.Step;
        var frames = new List<string>();
        foreach (var m in markets)
        {
            var subscribed = tokens.Where(t => t == m.YesTokenId || t == m.NoTokenId).ToList();
            if (subscribed.Count == 0)
            {
                continue;
            }

            var (before, after) = (m.LineAt(step - 1), m.LineAt(step));
            frames.Add(step % BookEvery == 0 ? Books(subscribed, step) : PriceChange(m, before, after, step));
            if (after?.LastTradePrice is { } ltp && ltp != before?.LastTradePrice && subscribed.Contains(m.YesTokenId))
            {
                frames.Add(Trade(m, after, ltp, step));
            }
        }

        return frames;
    }

    private string Books(IReadOnlyList<string> tokens, long step)
    {
        var now = time.GetUtcNow();
        var books = new List<string>();
        foreach (var m in markets)
        {
            foreach (var t in tokens.Where(t => t == m.YesTokenId || t == m.NoTokenId))
            {
                books.Add(VenueWire.Book(m, t, m.LineAt(step), (int)(step % int.MaxValue), now, ws: true));
            }
        }

        return VenueWire.Array(books);
    }

    /// <summary>
    /// The change from one line to the next as the venue states it: each moved best level removed (size 0) and the new
    /// one set, for YES and mirrored for NO (a YES bid at p is a NO ask at 1 − p), each entry with its token's BBO after the change.
    /// </summary>
    private string PriceChange(VenueMarket m, FixtureSnapshot? before, FixtureSnapshot? after, long step)
    {
        var yes = new List<(string Side, decimal Price, decimal Size)>();
        if (before?.BestBid is { } ob && ob != after?.BestBid)
        {
            yes.Add(("BUY", ob, 0m));
        }

        if (before?.BestAsk is { } oa && oa != after?.BestAsk)
        {
            yes.Add(("SELL", oa, 0m));
        }

        if (after?.BestBid is { } nb)
        {
            yes.Add(("BUY", nb, after.DepthBid1 ?? 1000m));
        }

        if (after?.BestAsk is { } na)
        {
            yes.Add(("SELL", na, after.DepthAsk1 ?? 1000m));
        }

        var ts = (after?.Timestamp ?? time.GetUtcNow()).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var yesBid = after?.BestBid ?? 0m;
        var yesAsk = after?.BestAsk ?? 1m;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event_type", "price_change");
            w.WriteString("market", m.Id);
            w.WriteStartArray("price_changes");
            var n = 0;
            foreach (var (side, price, size) in yes)
            {
                Entry(w, m.YesTokenId, side, price, size, yesBid, yesAsk, step, n++);
                Entry(w, m.NoTokenId, side == "BUY" ? "SELL" : "BUY", 1m - price, size, 1m - yesAsk, 1m - yesBid, step, n++);
            }

            w.WriteEndArray();
            w.WriteString("timestamp", ts);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A new last trade price of the fixture as the print the venue sends for YES (the fixture states no trade size:
    /// <see cref="TradeSize"/> shares; the taker bought when the price is above the line's mid).
    /// </summary>
    private string Trade(VenueMarket m, FixtureSnapshot line, decimal price, long step)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event_type", "last_trade_price");
            w.WriteString("market", m.Id);
            w.WriteString("asset_id", m.YesTokenId);
            w.WriteString("price", VenueMarket.Format(price));
            w.WriteString("size", VenueMarket.Format(TradeSize));
            w.WriteString("side", line.MidPrice is { } mid && price < mid ? "SELL" : "BUY");
            w.WriteString("fee_rate_bps", "0");
            w.WriteString("transaction_hash", string.Create(CultureInfo.InvariantCulture, $"0x{step:x16}{m.Id[^Math.Min(8, m.Id.Length)..]}"));
            w.WriteString("timestamp", (line.Timestamp ?? time.GetUtcNow()).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Entry(Utf8JsonWriter w, string asset, string side, decimal price, decimal size, decimal bestBid, decimal bestAsk, long step, int n)
    {
        w.WriteStartObject();
        w.WriteString("asset_id", asset);
        w.WriteString("price", VenueMarket.Format(price));
        w.WriteString("size", VenueMarket.Format(size));
        w.WriteString("side", side);
        w.WriteString("hash", string.Create(CultureInfo.InvariantCulture, $"{step:x12}{n:x4}"));
        w.WriteString("best_bid", VenueMarket.Format(bestBid));
        w.WriteString("best_ask", VenueMarket.Format(bestAsk));
        w.WriteEndObject();
    }

    private static IEnumerable<string> RecordedFrames(string dir) =>
        new WsRecordingFiles(dir).Read().Where(e => !e.IsRestBook && e.Frame != "PONG").Select(e => e.Frame);

    private sealed class Connection(WebSocket socket, long opened) : IDisposable
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public long Opened { get; } = opened;

        public HashSet<string> Tokens { get; } = new(StringComparer.Ordinal);

        public long Step { get; set; }

        public void Dispose() => _send.Dispose();

        /// <summary>
        /// Adds the tokens and sends the frame <paramref name="dump"/> makes of the newly added ones (none when it gives
        /// null), all under the send gate; true when a frame went out.
        /// </summary>
        public async Task<bool> SubscribeAsync(IEnumerable<string> tokens, Func<List<string>, string?> dump, CancellationToken ct)
        {
            await _send.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var fresh = new List<string>();
                lock (this)
                {
                    foreach (var t in tokens)
                    {
                        if (Tokens.Add(t))
                        {
                            fresh.Add(t);
                        }
                    }
                }

                if (dump(fresh) is not { } text)
                {
                    return false;
                }

                await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
                return true;
            }
            finally
            {
                _send.Release();
            }
        }

        public async Task SendAsync(string text, CancellationToken ct)
        {
            await _send.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
