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

    /// <summary>Every envelope of every file, in order.</summary>
    public IEnumerable<WsEnvelope> Read()
    {
        foreach (var file in Files())
        {
            foreach (var e in ReadFile(file))
            {
                yield return e;
            }
        }
    }

    private IEnumerable<WsEnvelope> ReadFile(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var tail = new LastByteStream(gz);
        using var reader = new StreamReader(tail, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 64 * 1024);
        var line = 0L;
        // One line of look-ahead: only at the end of the data is it known whether the last line had its newline. A
        // member cut short by a kill inflates to a partial last line (or fails to inflate): both are truncation.
        var held = Next(reader, file, line + 1, out var broken);
        while (held is not null)
        {
            line++;
            var next = broken ? null : Next(reader, file, line + 1, out broken);
            if (next is null && !broken && tail.Last != (byte)'\n')
            {
                Problem(file, line, "truncated_gzip");
                yield break;
            }

            if (WsEnvelope.TryParse(held, out var envelope))
            {
                yield return envelope;
            }
            else if (held.Length > 0)
            {
                Problem(file, line, "not_an_envelope");
            }

            held = next;
        }
    }

    private string? Next(StreamReader reader, string file, long line, out bool broken)
    {
        broken = false;
        try
        {
            return reader.ReadLine();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            broken = true;
            Problem(file, line, "truncated_gzip");
            return null;
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

/// <summary>A read-only pass-through that remembers the last byte read (to tell a complete last line from a cut one).</summary>
internal sealed class LastByteStream(Stream inner) : Stream
{
    public int Last { get; private set; } = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
        {
            Last = buffer[n - 1];
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
