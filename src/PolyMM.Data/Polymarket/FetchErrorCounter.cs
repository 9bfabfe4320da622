using System.Collections.Concurrent;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// Thread-safe count of fetch errors by kind (what reports show as fetch_errors), plus a log throttle:
/// the first error of a kind in each <see cref="LogInterval"/> yields a line, the rest are only counted.
/// It returns lines instead of writing them, because only the CLI owns the console.
/// </summary>
public sealed class FetchErrorCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogWindow> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public FetchErrorCounter(TimeProvider time, TimeSpan? logInterval = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        LogInterval = logInterval ?? TimeSpan.FromMinutes(1);
    }

    public TimeSpan LogInterval { get; }

    public long Total => _counts.Values.Sum();

    public long this[string kind] => _counts.TryGetValue(kind, out var n) ? n : 0;

    /// <summary>A copy of the counts, sorted by kind so reports are stable.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(_counts.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);

    public void Count(FetchError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _counts.AddOrUpdate(error.Kind, 1, static (_, n) => n + 1);
    }

    /// <summary>Counts the error and returns a log line when this kind has not been logged within the interval, else null.</summary>
    public string? CountAndDescribe(FetchError error)
    {
        Count(error);
        return ShouldLog(error.Kind, out var suppressed)
            ? suppressed > 0 ? $"fetch error {error} (+{suppressed} more {error.Kind} since last report)" : $"fetch error {error}"
            : null;
    }

    /// <summary>True at most once per kind per interval; <paramref name="suppressed"/> is how many were held back since the last true.</summary>
    public bool ShouldLog(string kind, out long suppressed)
    {
        var now = _time.GetUtcNow();
        var window = _windows.GetOrAdd(kind, static _ => new LogWindow());
        lock (window)
        {
            if (window.LastLogged is { } last && now - last < LogInterval)
            {
                window.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = window.Suppressed;
            window.Suppressed = 0;
            window.LastLogged = now;
            return true;
        }
    }

    private sealed class LogWindow
    {
        public DateTimeOffset? LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}
