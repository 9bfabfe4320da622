using System.Buffers;
using System.Text;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// Reads a response body up to a byte limit without leaving large garbage behind (docs/performance.md#online-memory):
/// the bytes arrive in pooled chunks smaller than the large-object threshold, a body that outgrows its limit is
/// dropped undecoded, and a complete body is decoded once into its string.
/// </summary>
/// <remarks>
/// A growing <see cref="MemoryStream"/> doubles its buffer on the large-object heap (16 MB read → 32 MB buffer plus
/// every smaller one before it) and the over-limit prefix was then decoded into a string nobody reads: one oversize
/// answer left about 80 MB that only a full collection gives back.
/// </remarks>
internal static class BoundedBody
{
    /// <summary>Chunk size: under the 85,000-byte large-object threshold, so chunks live and die on the small-object heap.</summary>
    internal const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// The largest body ever buffered, whatever the limit: past it the decoded text would not fit one string
    /// (about 2^30 characters), so such a body counts as over its limit.
    /// </summary>
    internal const long MaxBodyBytes = 512L << 20;

    // A pool of its own, keeping at most 16 chunks (1 MB): enough for every request of a tick in flight at once
    // (PolymarketOptions.MaxParallelism is 8), while the shared pool would keep dozens after an oversize answer.
    private static readonly ArrayPool<byte> Chunks = ArrayPool<byte>.Create(ChunkBytes, 16);

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes; <c>Complete</c> is false when there was more, and the body is then
    /// empty, or with <paramref name="keepPrefix"/> its first <paramref name="limit"/> bytes (for an error answer's excerpt).
    /// </summary>
    public static async Task<(string Body, bool Complete)> ReadAsync(Stream stream, long limit, bool keepPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        limit = Math.Min(limit, MaxBodyBytes);
        var chunks = new List<byte[]>();
        long total = 0;
        var filled = 0;
        try
        {
            while (true)
            {
                if (chunks.Count == 0 || filled == chunks[^1].Length)
                {
                    chunks.Add(Chunks.Rent(ChunkBytes));
                    filled = 0;
                }

                var chunk = chunks[^1];
                // One byte past the limit is enough to know the body is too large.
                var room = (int)Math.Min(chunk.Length - filled, limit + 1 - total);
                var read = await stream.ReadAsync(chunk.AsMemory(filled, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (Decode(chunks, (int)total), true);
                }

                filled += read;
                total += read;
                if (total > limit)
                {
                    return (keepPrefix ? Decode(chunks, (int)limit) : string.Empty, false);
                }
            }
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                Chunks.Return(chunk);
            }
        }
    }

    private static string Decode(List<byte[]> chunks, int total)
    {
        if (total <= chunks[0].Length)
        {
            return Encoding.UTF8.GetString(chunks[0], 0, total);
        }

        // Rare (a book batch is ~25 KB for 50 markets): one exact copy, so multi-byte characters split across chunks decode whole.
        var whole = new byte[total];
        var at = 0;
        foreach (var chunk in chunks)
        {
            var n = Math.Min(chunk.Length, total - at);
            Buffer.BlockCopy(chunk, 0, whole, at, n);
            at += n;
        }

        return Encoding.UTF8.GetString(whole);
    }
}
