using PolyMM.Core.Random;

namespace PolyMM.Core.Execution;

/// <summary>
/// Venue latency drawn from a recorded distribution (docs/design.md#order-lifecycle): every entry and every cancel leg
/// takes one delay picked uniformly from the recorded samples (the feed's receive time minus the event's own timestamp),
/// with the run's seeded generator, so the same seed gives the same run. At most <see cref="MaxSamples"/> samples are
/// kept (a seeded reservoir sample of a longer recording).
/// </summary>
public sealed class LatencyDistribution
{
    public const int MaxSamples = 65_536;

    private readonly long[] _ticks;
    private readonly IRandomSource _random;

    private LatencyDistribution(long[] ticks, IRandomSource random, long seen)
    {
        _ticks = ticks;
        _random = random;
        Seen = seen;
        Array.Sort(_ticks);
    }

    /// <summary>Delays the recording offered (before the reservoir cut it to <see cref="MaxSamples"/>).</summary>
    public long Seen { get; }

    /// <summary>How many delays are drawn from.</summary>
    public int Count => _ticks.Length;

    /// <summary>The largest delay a leg can take.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(_ticks[^1]);

    /// <summary>The q-quantile of the samples (nearest rank), q in [0, 1].</summary>
    public TimeSpan Quantile(double q) => TimeSpan.FromTicks(_ticks[Math.Clamp((int)Math.Ceiling(q * _ticks.Length) - 1, 0, _ticks.Length - 1)]);

    /// <summary>The same samples drawn by a generator of its own seeded with <paramref name="seed"/> (one per engine of a fan-out).</summary>
    public LatencyDistribution WithOwnDraws(long seed) => new([.. _ticks], new SeededRandom(seed), Seen);

    /// <summary>One leg's delay.</summary>
    public TimeSpan Next() => TimeSpan.FromTicks(_ticks[Math.Min(_ticks.Length - 1, (int)(_random.NextDouble() * _ticks.Length))]);

    /// <summary>
    /// The distribution of <paramref name="delays"/> (negative ones, a clock behind the venue's, are dropped), drawn with
    /// <paramref name="random"/>; the reservoir, when needed, uses <paramref name="reservoir"/>. Null when no delay is usable.
    /// </summary>
    public static LatencyDistribution? From(IEnumerable<TimeSpan> delays, IRandomSource random, IRandomSource reservoir)
    {
        ArgumentNullException.ThrowIfNull(delays);
        var kept = new List<long>();
        long seen = 0;
        foreach (var d in delays)
        {
            if (d < TimeSpan.Zero)
            {
                continue;
            }

            seen++;
            if (kept.Count < MaxSamples)
            {
                kept.Add(d.Ticks);
            }
            else
            {
                // Algorithm R: the i-th sample replaces a kept one with probability MaxSamples / i.
                var j = (long)(reservoir.NextDouble() * seen);
                if (j < MaxSamples)
                {
                    kept[(int)j] = d.Ticks;
                }
            }
        }

        return kept.Count == 0 ? null : new LatencyDistribution([.. kept], random, seen);
    }
}
