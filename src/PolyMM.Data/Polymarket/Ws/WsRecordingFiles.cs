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
        using var reader = new StreamReader(gz, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 64 * 1024);
        var line = 0L;
        while (true)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (InvalidDataException)
            {
                Problem(file, line + 1, "truncated_gzip");
                yield break;
            }
            catch (EndOfStreamException)
            {
                Problem(file, line + 1, "truncated_gzip");
                yield break;
            }

            if (text is null)
            {
                yield break;
            }

            line++;
            if (WsEnvelope.TryParse(text, out var envelope))
            {
                yield return envelope;
            }
            else if (text.Length > 0)
            {
                Problem(file, line, "not_an_envelope");
            }
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
