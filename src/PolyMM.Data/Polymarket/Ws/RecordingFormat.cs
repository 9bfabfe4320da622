using System.Text.Json;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>What a fixture directory holds (docs/design.md#websocket-recording).</summary>
public enum RecordingKind
{
    /// <summary>Neither layout: no snapshots/ folder, no ws-*.jsonl.gz files, no recording markets.json.</summary>
    Unknown = 0,

    /// <summary>The polling fixture: markets.json (Gamma array) + snapshots/&lt;id&gt;.jsonl.</summary>
    Snapshots = 1,

    /// <summary>A raw market-channel recording: markets.json (<c>polymm-ws-1</c>) + ws-YYYYMMDDTHH.jsonl.gz.</summary>
    MarketChannel = 2,
}

/// <summary>Tells a polling fixture from a market-channel recording, so <c>--fixture-dir</c> can take either.</summary>
public static class RecordingFormat
{
    public static RecordingKind Detect(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return RecordingKind.Unknown;
        }

        if (Directory.EnumerateFiles(directory, WsRecordingFiles.Pattern).Any() || MarketsJsonIsRecording(directory))
        {
            return RecordingKind.MarketChannel;
        }

        return Directory.Exists(Path.Combine(directory, "snapshots")) ? RecordingKind.Snapshots : RecordingKind.Unknown;
    }

    private static bool MarketsJsonIsRecording(string directory)
    {
        var path = Path.Combine(directory, WsMarketsFile.FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
                && f.GetString() == WsMarketsFile.FormatName;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return false;
        }
    }
}
