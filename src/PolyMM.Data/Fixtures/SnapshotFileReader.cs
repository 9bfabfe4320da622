using System.Globalization;
using System.Text.Json;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// Streams one market's <c>snapshots/&lt;id&gt;.jsonl</c>: one JSON object per line, blank lines skipped,
/// unknown keys ignored. Memory is one read buffer whatever the file size; a line longer than
/// <see cref="MaxLineBytes"/> is refused rather than buffered. Rows without <c>timestamp</c> get
/// T0 + i × interval (i counts the rows), so a replay of the original sample is reproducible.
/// Any malformed line is a <see cref="FixtureFormatException"/> naming file and line.
/// </summary>
public sealed class SnapshotFileReader : IDisposable
{
    public const int MaxLineBytes = 1 << 20;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly string _path;
    private readonly DateTimeOffset _t0;
    private readonly TimeSpan _interval;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private long _line;
    private long _rows;

    public SnapshotFileReader(string path, DateTimeOffset t0, TimeSpan interval)
    {
        _path = path;
        _t0 = t0;
        _interval = interval;
        RegularFile.Require(path);
        try
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            Length = _stream.Length;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FixtureFormatException($"{path}: snapshot file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FixtureFormatException($"{path}: cannot read ({e.Message})");
        }
    }

    /// <summary>Bytes of the file consumed so far (read and parsed), for progress.</summary>
    public long BytesRead => _stream.Position - (_end - _start);

    /// <summary>The file's length when it was opened, for progress.</summary>
    public long Length { get; private set; }

    /// <summary>Line number (1-based) of the last line read.</summary>
    public long Line => _line;

    /// <summary>
    /// True when the file ended in an unterminated line that is not a complete snapshot: what a recorder killed
    /// mid-write leaves behind. That tail is dropped; every complete line before it is read.
    /// </summary>
    public bool TruncatedTail { get; private set; }

    /// <summary>Whether the last snapshot read stated its own <c>timestamp</c> (else it was derived from T0).</summary>
    public bool LastHadTimestamp { get; private set; }

    public bool TryRead(out Snapshot snapshot)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var nl = pending.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            var unterminated = false;
            if (nl >= 0)
            {
                line = pending[..nl];
                _start += nl + 1;
            }
            else if (!_eof)
            {
                Fill();
                continue;
            }
            else if (pending.Length > 0)
            {
                // A last line without a newline (or one cut off by a killed recorder) is still a line.
                line = pending;
                _start = _end;
                unterminated = true;
            }
            else
            {
                snapshot = default;
                return false;
            }

            _line++;
            if (_line == 1 && line.StartsWith(Utf8Bom))
            {
                // Editors on some systems prefix UTF-8 files with a byte-order mark; it is not data.
                line = line[Utf8Bom.Length..];
            }

            line = line.Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                snapshot = Parse(line);
            }
            catch (FixtureFormatException) when (unterminated)
            {
                TruncatedTail = true;
                snapshot = default;
                return false;
            }

            _rows++;
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw FixtureFormatException.At(_path, _line + 1, $"line longer than {MaxLineBytes / (1 << 20)} MiB; not a snapshot");
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineBytes));
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private Snapshot Parse(ReadOnlySpan<byte> line)
    {
        DateTimeOffset? ts = null, tradeTs = null;
        decimal? tradeSize = null;
        Side? tradeSide = null;
        decimal? bid = null, ask = null, mid = null, depthBid = null, depthAsk = null, ltp = null;
        var source = BookSource.Clob;
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("expected a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("best_bid"u8))
                {
                    bid = ReadNumber(ref reader, "best_bid");
                }
                else if (reader.ValueTextEquals("best_ask"u8))
                {
                    ask = ReadNumber(ref reader, "best_ask");
                }
                else if (reader.ValueTextEquals("mid_price"u8))
                {
                    mid = ReadNumber(ref reader, "mid_price");
                }
                else if (reader.ValueTextEquals("depth_bid_1"u8))
                {
                    depthBid = ReadNumber(ref reader, "depth_bid_1");
                }
                else if (reader.ValueTextEquals("depth_ask_1"u8))
                {
                    depthAsk = ReadNumber(ref reader, "depth_ask_1");
                }
                else if (reader.ValueTextEquals("last_trade_price"u8))
                {
                    ltp = ReadNumber(ref reader, "last_trade_price");
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    ts = ReadTimestamp(ref reader, "timestamp");
                }
                else if (reader.ValueTextEquals("last_trade_ts"u8))
                {
                    tradeTs = ReadTimestamp(ref reader, "last_trade_ts", nullable: true);
                }
                else if (reader.ValueTextEquals("last_trade_size"u8))
                {
                    tradeSize = ReadNumber(ref reader, "last_trade_size");
                }
                else if (reader.ValueTextEquals("last_trade_side"u8))
                {
                    tradeSide = ReadSide(ref reader);
                }
                else if (reader.ValueTextEquals("book_source"u8))
                {
                    source = ReadSource(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Error("unexpected content after the JSON object");
            }
        }
        catch (JsonException e)
        {
            throw Error($"not valid JSON ({FirstSentence(e.Message)})");
        }
        catch (InvalidOperationException)
        {
            // ValueTextEquals on a key with an unpaired surrogate escape ("best\ud800_bid") throws this.
            throw Error("a key is not valid UTF-8 text");
        }

        LastHadTimestamp = ts is not null;
        return new Snapshot(ts ?? _t0 + (_interval * _rows), bid, ask, mid, depthBid, depthAsk, ltp, source, tradeTs, tradeSize, tradeSide);
    }

    private decimal? ReadNumber(ref Utf8JsonReader reader, string key)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (Utf8Fixed.TryParseDecimal(reader.ValueSpan, out var fixedPoint))
                {
                    return fixedPoint;
                }

                return reader.TryGetDecimal(out var d) ? d : throw Error($"{key}: number out of range");
            case JsonTokenType.String:
                var text = Text(ref reader, key);
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                // NaN and Infinity are not prices; decimal cannot hold them and they must not slip in as text.
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                    ? s
                    : throw Error($"{key}: '{Short(text)}' is not a number");
            default:
                throw Error($"{key}: expected a number, got {reader.TokenType}");
        }
    }

    private DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, string key, bool nullable = false)
    {
        reader.Read();
        if (nullable && reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (!reader.ValueIsEscaped && Utf8Fixed.TryParseUtcSeconds(reader.ValueSpan, out var utc))
            {
                return utc;
            }

            var text = Text(ref reader, key);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var ts))
            {
                return ts;
            }

            throw Error($"{key}: '{Short(text ?? string.Empty)}' is not an ISO-8601 time");
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms))
        {
            try
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw Error($"{key}: epoch milliseconds out of range");
            }
        }

        throw Error($"{key}: expected an ISO-8601 string, got {reader.TokenType}");
    }

    /// <summary>The taker side of the last trade: <c>BUY</c> or <c>SELL</c> (any case), or null.</summary>
    private Side? ReadSide(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw Error($"last_trade_side: expected a string, got {reader.TokenType}");
        }

        var text = Text(ref reader, "last_trade_side");
        return text?.ToUpperInvariant() switch
        {
            null or "" => null,
            "BUY" => Side.Buy,
            "SELL" => Side.Sell,
            _ => throw Error($"last_trade_side: '{Short(text)}' is not BUY or SELL"),
        };
    }

    private BookSource ReadSource(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return BookSource.Clob;
        }

        // Only a string names a source: BookSourceNames.Parse(null) means "absent = clob", so a number or
        // an object must not reach it (an object would also leave its keys to be read as the row's own).
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Error($"book_source: expected a string, got {reader.TokenType}");
        }

        var name = Text(ref reader, "book_source");
        return BookSourceNames.Parse(name) ?? throw Error($"book_source: '{Short(name ?? string.Empty)}' is not one of clob, gamma_fallback, ltp_fallback");
    }

    /// <summary>
    /// A string value. Utf8JsonReader does not validate string contents while reading; GetString throws
    /// InvalidOperationException on invalid UTF-8 bytes or an unpaired surrogate escape, which is bad input.
    /// </summary>
    private string? Text(ref Utf8JsonReader reader, string key)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Error($"{key}: string is not valid UTF-8 text");
        }
    }

    private FixtureFormatException Error(string problem) => FixtureFormatException.At(_path, _line, problem);

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        var first = cut < 0 ? message : message[..cut];
        var path = first.IndexOf(" Path:", StringComparison.Ordinal);
        // Cut by characters: the message can echo multi-byte input, so a byte count is not a valid string index.
        return first.Length > 200 ? first[..200] : (path > 0 ? first[..path] : first);
    }
}
