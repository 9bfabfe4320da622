using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PolyMM.FakeVenue;

/// <summary>How <see cref="HostileServer"/> misbehaves; every request it receives meets the same fault.</summary>
public enum HostileMode
{
    /// <summary>200 with no Content-Length and a body that never ends (chunked, valid-looking JSON forever).</summary>
    EndlessBody,

    /// <summary>200 announcing and streaming 1 GiB (generated block by block, never held in memory).</summary>
    GigabyteBody,

    /// <summary>200, <c>Content-Encoding: gzip</c>: about 64 KB on the wire that inflate to 64 MiB of spaces.</summary>
    GzipBomb,

    /// <summary>Headers at once, then the announced body one byte per <see cref="HostileServer.DripInterval"/>.</summary>
    Drip,

    /// <summary>Keyset pages with no markets and a fresh next_cursor every time: a walk that never ends.</summary>
    EndlessCursor,

    /// <summary>Keyset pages with no markets and the same next_cursor every time.</summary>
    RepeatingCursor,

    /// <summary>200 with an HTML error page instead of JSON.</summary>
    Html,

    /// <summary>429 with the <see cref="HostileServer.RetryAfter"/> header as given (seconds or an HTTP date).</summary>
    TooManyRequests,

    /// <summary>302 to another host (<c>elsewhere.invalid</c>).</summary>
    CrossHostRedirect,

    /// <summary>Announces a body, sends a few bytes of it, then resets the connection (RST).</summary>
    ResetMidBody,
}

/// <summary>
/// A deliberately broken HTTP/1.1 server on 127.0.0.1 for the hostile-venue tests: a raw socket, so it can do what
/// no well-behaved framework would (drip, reset, lie about lengths). One response per connection.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private const int Block = 64 * 1024;
    /// <summary>The gzip bomb (also served by <see cref="VenueServer"/>'s gzip fault), built once.</summary>
    internal static readonly Lazy<byte[]> Bomb = new(MakeBomb);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly Task _accepting;
    private long _requests;
    private long _cursor;

    private HostileServer(HostileMode mode, string retryAfter, TimeSpan dripInterval, TimeProvider time)
    {
        Mode = mode;
        RetryAfter = retryAfter;
        DripInterval = dripInterval;
        _time = time;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    public HostileMode Mode { get; }

    /// <summary>The Retry-After value sent in <see cref="HostileMode.TooManyRequests"/>.</summary>
    public string RetryAfter { get; }

    public TimeSpan DripInterval { get; }

    public Uri BaseUrl { get; }

    /// <summary>Requests received so far (one per connection).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <param name="mode">The fault every request meets.</param>
    /// <param name="retryAfter">Retry-After header for <see cref="HostileMode.TooManyRequests"/>.</param>
    /// <param name="dripInterval">Pause between bytes for <see cref="HostileMode.Drip"/> (default 1 s).</param>
    /// <param name="time">Clock of the drip; the system clock by default.</param>
    public static HostileServer Start(HostileMode mode, string retryAfter = "999999", TimeSpan? dripInterval = null, TimeProvider? time = null) =>
        new(mode, retryAfter, dripInterval ?? TimeSpan.FromSeconds(1), time ?? TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(stop).ConfigureAwait(false);
            _ = Task.Run(() => ServeAsync(client, stop), stop);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream, stop).ConfigureAwait(false);
                Interlocked.Increment(ref _requests);
                await RespondAsync(client, stream, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up, which is the point of most modes.
            }
        }
    }

    /// <summary>Reads the request head and, when announced, its body (POST /books), so the client sees a reply.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken stop)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, stop).ConfigureAwait(false) == 0 || head.Length > 64 * 1024)
            {
                throw new IOException("request ended early");
            }

            head.Append((char)one[0]);
        }

        var length = head.ToString().Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => long.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var buffer = new byte[Block];
        while (length > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), stop).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            length -= read;
        }
    }

    private async Task RespondAsync(TcpClient client, NetworkStream stream, CancellationToken stop)
    {
        switch (Mode)
        {
            case HostileMode.EndlessBody:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", stop).ConfigureAwait(false);
                var item = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"id\":\"1\"},", Block / 11)));
                var chunk = Encoding.ASCII.GetBytes(item.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Concat(item).Concat("\r\n"u8.ToArray()).ToArray();
                await stream.WriteAsync("1\r\n[\r\n"u8.ToArray(), stop).ConfigureAwait(false);
                while (true)
                {
                    await stream.WriteAsync(chunk, stop).ConfigureAwait(false);
                }

            case HostileMode.GigabyteBody:
                const long gigabyte = 1L << 30;
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {gigabyte}\r\n\r\n", stop).ConfigureAwait(false);
                var spaces = new byte[Block];
                Array.Fill(spaces, (byte)' ');
                for (long sent = 0; sent < gigabyte; sent += Block)
                {
                    await stream.WriteAsync(spaces, stop).ConfigureAwait(false);
                }

                return;

            case HostileMode.GzipBomb:
                var bomb = Bomb.Value;
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\n\r\n", stop).ConfigureAwait(false);
                await stream.WriteAsync(bomb, stop).ConfigureAwait(false);
                return;

            case HostileMode.Drip:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", stop).ConfigureAwait(false);
                for (var i = 0; i < 100_000; i++)
                {
                    await stream.WriteAsync(" "u8.ToArray(), stop).ConfigureAwait(false);
                    await Task.Delay(DripInterval, _time, stop).ConfigureAwait(false);
                }

                return;

            case HostileMode.EndlessCursor:
                await WriteJsonAsync(stream, $"{{\"markets\":[],\"next_cursor\":\"c{Interlocked.Increment(ref _cursor)}\"}}", stop).ConfigureAwait(false);
                return;

            case HostileMode.RepeatingCursor:
                await WriteJsonAsync(stream, "{\"markets\":[],\"next_cursor\":\"again\"}", stop).ConfigureAwait(false);
                return;

            case HostileMode.Html:
                const string html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {html.Length}\r\nConnection: close\r\n\r\n{html}", stop).ConfigureAwait(false);
                return;

            case HostileMode.TooManyRequests:
                await WriteAsync(stream, $"HTTP/1.1 429 Too Many Requests\r\nRetry-After: {RetryAfter}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", stop).ConfigureAwait(false);
                return;

            case HostileMode.CrossHostRedirect:
                await WriteAsync(stream, "HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/markets\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", stop).ConfigureAwait(false);
                return;

            case HostileMode.ResetMidBody:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"markets\":[{\"id\":", stop).ConfigureAwait(false);
                await stream.FlushAsync(stop).ConfigureAwait(false);
                client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                return;

            default:
                throw new InvalidOperationException($"unknown mode {Mode}");
        }
    }

    private static Task WriteJsonAsync(NetworkStream stream, string json, CancellationToken stop) =>
        WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}", stop);

    private static async Task WriteAsync(NetworkStream stream, string text, CancellationToken stop) =>
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), stop).ConfigureAwait(false);

    private static byte[] MakeBomb()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var spaces = new byte[Block];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(spaces);
            }
        }

        return packed.ToArray();
    }
}
