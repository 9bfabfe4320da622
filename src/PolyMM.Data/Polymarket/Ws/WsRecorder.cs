using System.Buffers;
using System.Globalization;
using System.IO.Compression;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// Writes the raw market-channel stream (docs/design.md#websocket-recording): envelope lines buffered in memory and
/// flushed as one complete gzip member appended to the hour's file <c>ws-YYYYMMDDTHH.jsonl.gz</c> (UTC hour of the
/// receive time). A gzip file may hold many members; readers decompress them in a row, so a recorder killed at any
/// moment leaves every flushed line readable and at most a partial last member, which readers count and skip.
/// Thread-safe: connections append concurrently.
/// </summary>
public sealed class WsRecorder : IDisposable
{
    private readonly object _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly TimeProvider _time;
    private readonly TimeSpan _flushEvery;
    private readonly int _flushBytes;
    private string? _bufferHour;
    private long _lastFlush;
    private bool _disposed;

    public WsRecorder(string directory, TimeProvider time, TimeSpan? flushEvery = null, int flushBytes = 256 * 1024)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);
        Directory = directory;
        _time = time;
        _flushEvery = flushEvery ?? TimeSpan.FromSeconds(1);
        _flushBytes = flushBytes;
        System.IO.Directory.CreateDirectory(directory);
        _lastFlush = time.GetTimestamp();
    }

    public string Directory { get; }

    public long Lines { get; private set; }

    public long RestSnapshots { get; private set; }

    /// <summary>Gzip members written (one per flush).</summary>
    public long Members { get; private set; }

    /// <summary>File name of the hour that holds receive time <paramref name="t"/>.</summary>
    public static string FileName(DateTimeOffset t) =>
        "ws-" + t.UtcDateTime.ToString("yyyyMMdd'T'HH", CultureInfo.InvariantCulture) + ".jsonl.gz";

    /// <summary>Appends one frame as received on connection <paramref name="conn"/>; flushes when due.</summary>
    public void Append(DateTimeOffset received, int conn, string frame, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var hour = FileName(received);
            if (_bufferHour is not null && hour != _bufferHour)
            {
                FlushLocked();
            }

            _bufferHour = hour;
            new WsEnvelope(WsEnvelope.ToMicros(received), conn, frame, kind).WriteLine(_buffer);
            Lines++;
            if (kind == WsEnvelope.RestBookKind)
            {
                RestSnapshots++;
            }

            if (_buffer.WrittenCount >= _flushBytes || _time.GetElapsedTime(_lastFlush) >= _flushEvery)
            {
                FlushLocked();
            }
        }
    }

    /// <summary>Writes what is buffered as one gzip member (nothing when the buffer is empty).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                FlushLocked();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            FlushLocked();
            _disposed = true;
        }
    }

    private void FlushLocked()
    {
        _lastFlush = _time.GetTimestamp();
        if (_buffer.WrittenCount == 0 || _bufferHour is null)
        {
            return;
        }

        using (var file = new FileStream(Path.Combine(Directory, _bufferHour), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0))
        {
            // The member goes to memory first and to the file in one write: a kill leaves a member whole or cut, never interleaved.
            using var member = new MemoryStream(_buffer.WrittenCount / 4 + 64);
            using (var gz = new GZipStream(member, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(_buffer.WrittenSpan);
            }

            file.Write(member.GetBuffer(), 0, (int)member.Length);
            file.Flush(flushToDisk: false);
        }

        Members++;
        _buffer.ResetWrittenCount();
    }
}
