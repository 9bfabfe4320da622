using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// One line of a raw market-channel recording (docs/design.md#websocket-recording):
/// <c>{"recv_ts_us":&lt;UTC microseconds&gt;,"conn":&lt;connection&gt;,"frame":"&lt;frame text, verbatim&gt;"}</c>. A REST book
/// snapshot taken at start or on a resync is a line of its own kind: <c>"kind":"rest_book"</c>, connection 0, the
/// REST answer as the frame.
/// </summary>
public readonly record struct WsEnvelope(long RecvTsUs, int Conn, string Frame, string? Kind = null)
{
    public const string RestBookKind = "rest_book";

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
}
