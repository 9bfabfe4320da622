using System.Buffers.Text;
using System.Globalization;
using System.Text;
using PolyMM.Core.Random;

namespace PolyMM.Data.Fixtures.Synth;

/// <summary>
/// Writes a deterministic synthetic fixture (docs/design.md#fixture-format layout): random-walk mids on a price grid, 1–4 tick
/// spreads, random top-of-book depth, and last trades near the touch with an occasional sweep a few ticks
/// through it (so the strict model sees fills too). Each market has its own generator seeded from
/// (seed, market index), so markets are written in parallel and the bytes do not depend on threading.
/// Lines are formatted straight into UTF-8 bytes with invariant digits: ten million lines take seconds.
/// </summary>
public static class SynthFixtureWriter
{
    // Prices are integers in grid units. Normal books use the 0.01 tick; tight books a 0.001 grid held
    // within [0.40, 0.60] so that a 4-unit spread is at most 0.004 / 0.40 = 1 % of mid (tier A).
    private const int NormalScale = 100;
    private const int TightScale = 1000;

    /// <summary>
    /// Writes markets.json and snapshots/*.jsonl under <paramref name="outDir"/>; returns the lines written.
    /// <paramref name="linesWritten"/> is told of every 65,536 lines of any market (from the writing threads), for progress.
    /// </summary>
    public static long Write(string outDir, SynthOptions options, Action<long>? linesWritten = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Markets);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Snapshots);
        var snapshotsDir = Path.Combine(outDir, "snapshots");
        Directory.CreateDirectory(snapshotsDir);
        File.WriteAllBytes(Path.Combine(outDir, "markets.json"), MarketsJson(options));
        Parallel.For(0, options.Markets, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var path = Path.Combine(snapshotsDir, SynthOptions.MarketId(i) + ".jsonl");
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
            WriteMarket(file, i, options, linesWritten, cancellation);
        });
        return options.Markets * options.Snapshots;
    }

    /// <summary>The JSONL lines of one market, written to <paramref name="output"/>.</summary>
    public static void WriteMarket(Stream output, int index, SynthOptions options, Action<long>? linesWritten = null, CancellationToken cancellation = default)
    {
        var rng = new SeededRandom(unchecked((options.Seed * 1_000_003L) + index));
        var tight = options.Tight;
        var scale = tight ? TightScale : NormalScale;
        var lo = tight ? 400 : 5;
        var hi = tight ? 600 : 95;

        var bid = lo + (int)(rng.NextUInt64() % (ulong)(hi - lo - 4));
        var spread = 1 + (int)(rng.NextUInt64() % 4);
        var buffer = new byte[1 << 16];
        var used = 0;
        var ticks = SynthOptions.Epoch.Ticks;
        for (long n = 0; n < options.Snapshots; n++)
        {
            if ((n & 0xFFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                if (n > 0)
                {
                    linesWritten?.Invoke(0x10000);
                }
            }

            // The bid moves by one or two grid units in one snapshot of four and the spread is redrawn in one of
            // eight, so the mid (and with it our quotes) changes in about one snapshot of three (docs/design.md#performance-notes).
            var roll = rng.NextUInt64();
            var move = (roll % 8) switch { 0 => -1, 1 => 1, _ => 0 };
            if (move != 0 && ((roll >> 8) & 3) == 0)
            {
                move *= 2;
            }

            if (((roll >> 12) & 7) == 0)
            {
                spread = 1 + (int)((roll >> 16) % 4);
            }

            bid = Math.Clamp(bid + move, lo, hi - spread);
            var ask = bid + spread;
            var depthBid = tight ? 500 + (int)((roll >> 24) % 4500) : 10 + (int)((roll >> 24) % 2990);
            var depthAsk = tight ? 500 + (int)((roll >> 40) % 4500) : 10 + (int)((roll >> 40) % 2990);

            // Trades print at the touch or one unit inside/outside; one in ten sweeps 5–30 units through it.
            var t = rng.NextUInt64();
            var buySide = (t & 1) == 0;
            var offset = (t >> 1) % 10 == 0 ? 5 + (int)((t >> 8) % 26) : (int)((t >> 8) % 3) - 1;
            var ltp = buySide ? ask + offset : bid - offset;
            ltp = Math.Clamp(ltp, 1, scale - 1);

            if (used > buffer.Length - 256)
            {
                output.Write(buffer, 0, used);
                used = 0;
            }

            used += FormatLine(buffer.AsSpan(used), new DateTime(ticks, DateTimeKind.Utc), bid, ask, depthBid, depthAsk, ltp, scale);
            ticks += SynthOptions.Interval.Ticks;
        }

        output.Write(buffer, 0, used);
    }

    private static int FormatLine(Span<byte> dst, DateTime ts, int bid, int ask, int depthBid, int depthAsk, int ltp, int scale)
    {
        var w = 0;
        Put(dst, ref w, "{\"timestamp\":\""u8);
        if (!ts.TryFormat(dst[w..], out var n, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("line buffer too small");
        }

        w += n;
        Put(dst, ref w, "\",\"best_bid\":"u8);
        Fixed(dst, ref w, bid * 10L, scale * 10L);
        Put(dst, ref w, ",\"best_ask\":"u8);
        Fixed(dst, ref w, ask * 10L, scale * 10L);
        Put(dst, ref w, ",\"mid_price\":"u8);
        Fixed(dst, ref w, (bid + ask) * 5L, scale * 10L);
        Put(dst, ref w, ",\"depth_bid_1\":"u8);
        Int(dst, ref w, depthBid);
        Put(dst, ref w, ",\"depth_ask_1\":"u8);
        Int(dst, ref w, depthAsk);
        Put(dst, ref w, ",\"last_trade_price\":"u8);
        Fixed(dst, ref w, ltp * 10L, scale * 10L);
        Put(dst, ref w, "}\n"u8);
        return w;
    }

    private static void Put(Span<byte> dst, ref int w, ReadOnlySpan<byte> text)
    {
        text.CopyTo(dst[w..]);
        w += text.Length;
    }

    private static void Int(Span<byte> dst, ref int w, long value)
    {
        if (!Utf8Formatter.TryFormat(value, dst[w..], out var n))
        {
            throw new InvalidOperationException("line buffer too small");
        }

        w += n;
    }

    /// <summary><paramref name="units"/> / <paramref name="denominator"/> (a power of ten) as 0.ddd with trailing zeros trimmed.</summary>
    private static void Fixed(Span<byte> dst, ref int w, long units, long denominator)
    {
        Int(dst, ref w, units / denominator);
        var frac = units % denominator;
        if (frac == 0)
        {
            return;
        }

        dst[w++] = (byte)'.';
        for (var d = denominator / 10; d > 0 && frac > 0; d /= 10)
        {
            dst[w++] = (byte)('0' + (frac / d));
            frac %= d;
        }
    }

    private static byte[] MarketsJson(SynthOptions options)
    {
        var sb = new StringBuilder("[\n");
        for (var i = 0; i < options.Markets; i++)
        {
            var id = SynthOptions.MarketId(i);
            sb.Append(CultureInfo.InvariantCulture,
                $"  {{\"conditionId\":\"{id}\",\"question\":\"Synthetic market {i + 1}?\",\"slug\":\"{id}\",\"outcomes\":[\"Yes\",\"No\"]}}");
            sb.Append(i + 1 < options.Markets ? ",\n" : "\n");
        }

        sb.Append("]\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
