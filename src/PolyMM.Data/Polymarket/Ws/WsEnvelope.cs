using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// One line of a raw market-channel recording (docs/design.md#websocket-recording):
/// <c>{"recv_ts_us":&lt;UTC microseconds&gt;,"conn":&lt;connection&gt;,"frame":"&lt;frame text, verbatim&gt;"}</c>. A REST book
/// snapshot taken at start or on a resync is a line of its own kind: <c>"kind":"rest_book"</c>, connection 0, the
/// REST answer as the frame. The frame is text, or — read from a recording — its UTF-8 bytes (<see cref="IsUtf8"/>), which
/// the parser reads without making a string (docs/design.md#websocket-recording, "Replay").
/// </summary>
public readonly record struct WsEnvelope
{
    public const string RestBookKind = "rest_book";
    private readonly string? _frame;

    public WsEnvelope(long recvTsUs, int conn, string frame, string? kind = null)
    {
        RecvTsUs = recvTsUs;
        Conn = conn;
        _frame = frame;
        Kind = kind;
    }

    /// <summary>An envelope whose frame is UTF-8 bytes (valid UTF-8; the caller keeps them unchanged while the envelope is used).</summary>
    public WsEnvelope(long recvTsUs, int conn, ReadOnlyMemory<byte> frameUtf8, string? kind = null)
    {
        RecvTsUs = recvTsUs;
        Conn = conn;
        FrameUtf8 = frameUtf8;
        Kind = kind;
    }

    public long RecvTsUs { get; init; }

    public int Conn { get; init; }

    public string? Kind { get; init; }

    /// <summary>The frame's text (made from <see cref="FrameUtf8"/> on every call when the envelope holds bytes).</summary>
    public string Frame => _frame ?? Encoding.UTF8.GetString(FrameUtf8.Span);

    /// <summary>The frame's UTF-8 bytes when <see cref="IsUtf8"/>, else empty.</summary>
    public ReadOnlyMemory<byte> FrameUtf8 { get; }

    /// <summary>The frame is held as UTF-8 bytes.</summary>
    public bool IsUtf8 => _frame is null;

    // Frames are JSON themselves: escape only what JSON requires, so a line stays readable (\" rather than \u0022).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool IsRestBook => string.Equals(Kind, RestBookKind, StringComparison.Ordinal);

    public DateTimeOffset Received => DateTimeOffset.UnixEpoch.AddTicks(RecvTsUs * 10);

    public static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Writes the envelope as one JSON line, newline included.</summary>
    public void WriteLine(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var w = new Utf8JsonWriter(output, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("recv_ts_us", RecvTsUs);
            w.WriteNumber("conn", Conn);
            if (Kind is not null)
            {
                w.WriteString("kind", Kind);
            }

            w.WriteString("frame", Frame);
            w.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>Reads one line; false when it is not an envelope (not JSON, or a field missing or of the wrong type).</summary>
    public static bool TryParse(string line, out WsEnvelope envelope)
    {
        envelope = default;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("recv_ts_us", out var ts) || !ts.TryGetInt64(out var us)
                || !root.TryGetProperty("frame", out var frame) || frame.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var conn = root.TryGetProperty("conn", out var c) && c.TryGetInt32(out var ci) ? ci : 0;
            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            envelope = new WsEnvelope(us, conn, frame.GetString()!, kind);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a line in exactly the layout <see cref="WriteLine"/> writes — <c>{"recv_ts_us":N,"conn":N[,"kind":"…"],"frame":"…"}</c>,
    /// no spaces, plain integers, valid UTF-8 — unescaping the frame into <paramref name="frame"/> (grown as needed).
    /// False for anything else, which <see cref="TryParse"/> then reads: whatever this takes, that would read to the same
    /// values (docs/design.md#websocket-recording, "Replay").
    /// </summary>
    internal static bool TryParseUtf8(ReadOnlySpan<byte> line, ref byte[] frame, out long recvTsUs, out int conn, out string? kind, out int frameLength)
    {
        recvTsUs = 0;
        conn = 0;
        kind = null;
        frameLength = 0;
        if (!line.StartsWith("{\"recv_ts_us\":"u8))
        {
            return false;
        }

        var i = 14;
        if (!Integer(line, ref i, 18, out recvTsUs) || !line[i..].StartsWith(",\"conn\":"u8))
        {
            return false;
        }

        i += 8;
        if (!Integer(line, ref i, 9, out var c))
        {
            return false;
        }

        conn = (int)c;
        if (line[i..].StartsWith(",\"kind\":\""u8))
        {
            i += 9;
            var end = line[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (end < 0 || line[i + end] != (byte)'"' || line.Slice(i, end).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
            {
                return false;
            }

            var k = line.Slice(i, end);
            kind = k.SequenceEqual("rest_book"u8) ? RestBookKind : Encoding.UTF8.GetString(k);
            i += end + 1;
        }

        if (!line[i..].StartsWith(",\"frame\":\""u8))
        {
            return false;
        }

        i += 10;
        // The frame's text up to the closing quote, unescaped; the line must then end with the object. Sixteen bytes
        // of slack let a block be copied whole before its first quote, backslash or control byte is known.
        if (frame.Length < line.Length - i + 16)
        {
            frame = new byte[Math.Max(line.Length - i + 16, frame.Length * 2)];
        }

        var n = 0;
        while (true)
        {
            var stop = NextSpecial(line, i, frame, ref n);
            if (stop < 0 || stop + 1 >= line.Length)
            {
                return false;
            }

            i = stop;
            var special = line[i];
            if (special == (byte)'"')
            {
                break;
            }

            if (special != (byte)'\\')
            {
                // A control byte: not JSON.
                return false;
            }

            // The frame's own quotes and backslashes are the usual escapes: taken here, the rest by Unescape.
            var escaped = line[i + 1];
            if (escaped is (byte)'"' or (byte)'\\')
            {
                frame[n++] = escaped;
                i += 2;
            }
            else if (!Unescape(line, ref i, frame, ref n))
            {
                return false;
            }
        }

        frameLength = n;
        return i + 2 == line.Length && line[i + 1] == (byte)'}' && System.Text.Unicode.Utf8.IsValid(line);
    }

    /// <summary>
    /// Copies <paramref name="line"/> from <paramref name="i"/> into <paramref name="frame"/> at <paramref name="n"/> up to
    /// the next quote, backslash or control byte and returns its index (−1 when there is none). Sixteen bytes at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextSpecial(ReadOnlySpan<byte> line, int i, byte[] frame, ref int n)
    {
        ref var src = ref MemoryMarshal.GetReference(line);
        ref var dst = ref MemoryMarshal.GetArrayDataReference(frame);
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)0x20);
            while (i + 16 <= line.Length)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                v.StoreUnsafe(ref dst, (nuint)n);
                var special = Vector128.Equals(v, quote) | Vector128.Equals(v, backslash) | Vector128.LessThan(v, space);
                var mask = special.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    var k = BitOperations.TrailingZeroCount(mask);
                    n += k;
                    return i + k;
                }

                i += 16;
                n += 16;
            }
        }

        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == (byte)'"' || c == (byte)'\\' || c < 0x20)
            {
                return i;
            }

            frame[n++] = c;
        }

        return -1;
    }

    /// <summary>A JSON integer without sign, fraction or exponent, of at most <paramref name="maxDigits"/> digits.</summary>
    private static bool Integer(ReadOnlySpan<byte> line, ref int i, int maxDigits, out long value)
    {
        value = 0;
        var start = i;
        while (i < line.Length && (uint)(line[i] - '0') <= 9)
        {
            value = (value * 10) + (line[i] - '0');
            i++;
        }

        var digits = i - start;
        // JSON allows no leading zero but the number 0 itself.
        return digits > 0 && digits <= maxDigits && (line[start] != (byte)'0' || digits == 1);
    }

    /// <summary>One escape at <paramref name="i"/> (a backslash) into <paramref name="frame"/>; \u only outside the surrogates.</summary>
    private static bool Unescape(ReadOnlySpan<byte> line, ref int i, byte[] frame, ref int n)
    {
        var c = line[i + 1];
        byte plain = c switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'/' => (byte)'/',
            (byte)'b' => (byte)'\b',
            (byte)'f' => (byte)'\f',
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            _ => 0,
        };
        if (plain != 0)
        {
            frame[n++] = plain;
            i += 2;
            return true;
        }

        if (c != (byte)'u' || i + 6 > line.Length || !Utf8Parser.TryParse(line.Slice(i + 2, 4), out ushort code, out var used, 'X') || used != 4
            || code is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }

        // The code point as UTF-8 (1–3 bytes below the surrogates' range and above it).
        if (code < 0x80)
        {
            frame[n++] = (byte)code;
        }
        else if (code < 0x800)
        {
            frame[n++] = (byte)(0xC0 | (code >> 6));
            frame[n++] = (byte)(0x80 | (code & 0x3F));
        }
        else
        {
            frame[n++] = (byte)(0xE0 | (code >> 12));
            frame[n++] = (byte)(0x80 | ((code >> 6) & 0x3F));
            frame[n++] = (byte)(0x80 | (code & 0x3F));
        }

        i += 6;
        return true;
    }
}
