using System.IO.Compression;
using System.Text;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// Streams the envelopes of a recording directory in file-name order (the hourly names sort by time), one line at a
/// time and never a whole file in memory (docs/design.md#websocket-recording). Damage is reported, not thrown: a
/// truncated or corrupt gzip member ends that file (<c>truncated_gzip</c>), a line that is not an envelope is skipped
/// (<c>not_an_envelope</c>), each with its file and line in <see cref="Problems"/> (the first 100 kept).
/// </summary>
public sealed class WsRecordingFiles(string directory)
{
    public const string Pattern = "ws-*.jsonl.gz";
    private const int MaxProblems = 100;
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>"file:line: reason" of the first damaged lines.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Damage by reason (<c>truncated_gzip</c>, <c>not_an_envelope</c>).</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>The hourly files in time order.</summary>
    public IReadOnlyList<string> Files() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, Pattern).Order(StringComparer.Ordinal)];

    /// <summary>Every envelope of every file, in order, each with its own frame text.</summary>
    public IEnumerable<WsEnvelope> Read() => Read(borrowed: false);

    /// <summary>
    /// Every envelope of every file, in order, with the frame as UTF-8 bytes in a buffer the next envelope reuses: an
    /// envelope is valid until the enumerator moves on (the replay parses each frame at once and keeps nothing of it).
    /// </summary>
    public IEnumerable<WsEnvelope> ReadBorrowed() => Read(borrowed: true);

    private IEnumerable<WsEnvelope> Read(bool borrowed)
    {
        var frame = new byte[4096];
        foreach (var file in Files())
        {
            foreach (var e in ReadFile(file, borrowed, frame))
            {
                yield return e;
            }
        }
    }

    private IEnumerable<WsEnvelope> ReadFile(string file, bool borrowed, byte[] frame)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        var reader = new LineReader(gz);
        var line = 0L;
        // One line of look-ahead: only at the end of the data is it known whether the last line had its newline. A
        // member cut short by a kill inflates to a partial last line (or fails to inflate): both are truncation.
        var has = Next(reader, file, line + 1, out var held, out var broken);
        while (has)
        {
            line++;
            // The held line is read into its envelope before the look-ahead reuses the line buffer.
            var ok = Envelope(held.Span, borrowed, ref frame, out var envelope);
            var empty = held.Length == 0;
            var hasNext = !broken && Next(reader, file, line + 1, out held, out broken);
            if (!hasNext && !broken && reader.Last != (byte)'\n')
            {
                Problem(file, line, "truncated_gzip");
                yield break;
            }

            if (ok)
            {
                yield return envelope;
            }
            else if (!empty)
            {
                Problem(file, line, "not_an_envelope");
            }

            has = hasNext;
        }
    }

    /// <summary>One line as an envelope: the writer's own layout straight from the bytes, anything else through its text.</summary>
    private static bool Envelope(ReadOnlySpan<byte> line, bool borrowed, ref byte[] frame, out WsEnvelope envelope)
    {
        if (WsEnvelope.TryParseUtf8(line, ref frame, out var us, out var conn, out var kind, out var length))
        {
            envelope = borrowed
                ? new WsEnvelope(us, conn, frame.AsMemory(0, length), kind)
                : new WsEnvelope(us, conn, Encoding.UTF8.GetString(frame, 0, length), kind);
            return true;
        }

        // The text a StreamReader would have made of the line (invalid UTF-8 replaced), read the general way.
        return WsEnvelope.TryParse(Encoding.UTF8.GetString(line), out envelope);
    }

    private bool Next(LineReader reader, string file, long line, out ReadOnlyMemory<byte> text, out bool broken)
    {
        broken = false;
        try
        {
            return reader.TryReadLine(out text);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            broken = true;
            text = default;
            Problem(file, line, "truncated_gzip");
            return false;
        }
    }

    private void Problem(string file, long line, string reason)
    {
        _counts[reason] = _counts.GetValueOrDefault(reason) + 1;
        if (_problems.Count < MaxProblems)
        {
            _problems.Add($"{Path.GetFileName(file)}:{line}: {reason}");
        }
    }
}

/// <summary>
/// Lines of UTF-8 bytes from a stream, split where <see cref="StreamReader.ReadLine"/> splits them (\n, \r, \r\n; a
/// UTF-8 byte-order mark at the start dropped), reading 64 KB at a time as the reader did, so a damaged stream fails at
/// the same line. Remembers the last byte read (to tell a complete last line from a cut one).
/// </summary>
internal sealed class LineReader(Stream inner)
{
    private const int Chunk = 64 * 1024;
    private byte[] _buffer = new byte[2 * Chunk];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;

    public int Last { get; private set; } = -1;

    /// <summary>The next line without its terminator, valid until the next call; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        var scanned = 0;
        while (true)
        {
            var at = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOfAny((byte)'\n', (byte)'\r');
            if (at >= 0)
            {
                var stop = _start + scanned + at;
                if (_buffer[stop] == (byte)'\r' && stop + 1 == _end && !_eof)
                {
                    // A \r at the end of the data read: whether a \n follows is in the next read.
                    scanned = stop - _start;
                    Fill();
                    continue;
                }

                line = _buffer.AsMemory(_start, stop - _start);
                _start = stop + 1;
                if (_buffer[stop] == (byte)'\r' && _start < _end && _buffer[_start] == (byte)'\n')
                {
                    _start++;
                }

                return true;
            }

            scanned = _end - _start;
            if (_eof)
            {
                line = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return line.Length > 0;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_buffer.Length - _end < Chunk)
        {
            var used = _end - _start;
            if (used + Chunk > _buffer.Length)
            {
                var bigger = new byte[Math.Max(_buffer.Length * 2, used + Chunk)];
                _buffer.AsSpan(_start, used).CopyTo(bigger);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_start, used).CopyTo(_buffer);
            }

            _start = 0;
            _end = used;
        }

        var n = inner.Read(_buffer, _end, Chunk);
        if (n == 0)
        {
            _eof = true;
            return;
        }

        Last = _buffer[_end + n - 1];
        if (!_started)
        {
            _started = true;
            if (n >= 3 && _buffer.AsSpan(_end, 3).SequenceEqual("\uFEFF"u8))
            {
                _start += 3;
            }
        }

        _end += n;
    }
}
