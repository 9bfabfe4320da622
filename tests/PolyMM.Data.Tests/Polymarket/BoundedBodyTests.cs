using System.Text;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class BoundedBodyTests
{
    [Fact]
    public async Task ReadAsync_EndlessBodyPastLimit_AllocatesAboutTheLimitOnceAndDecodesNothing()
    {
        const long limit = 4L << 20;
        using var endless = new EndlessSpaces();
        // Warm-up: the first call pays for JIT and the pool's own bookkeeping.
        await BoundedBody.ReadAsync(endless, 1024, keepPrefix: false, CancellationToken.None);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = BoundedBody.ReadAsync(endless, limit, keepPrefix: false, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Every read of the stream completes at once, so the whole call ran, and allocated, on this thread.
        Assert.True(read.IsCompleted);
        var (body, complete) = await read;

        Assert.False(complete);
        Assert.Equal(string.Empty, body);
        // At most the limit in 64 KB chunks plus small change: a doubling buffer would reach 8 MB (16 MB allocated on the
        // way) and decoding the 4 MB prefix another 8 MB of string.
        Assert.True(allocated < limit * 3 / 2, $"allocated {allocated} bytes for a {limit}-byte limit");
    }

    [Fact]
    public async Task ReadAsync_BodyOfExactlyTheLimit_CompleteAndDecoded()
    {
        var text = new string('x', 1000);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var (body, complete) = await BoundedBody.ReadAsync(stream, 1000, keepPrefix: false, CancellationToken.None);

        Assert.True(complete);
        Assert.Equal(text, body);
    }

    [Fact]
    public async Task ReadAsync_OneBytePastTheLimit_Incomplete()
    {
        using var stream = new MemoryStream(new byte[1001]);

        var (body, complete) = await BoundedBody.ReadAsync(stream, 1000, keepPrefix: false, CancellationToken.None);

        Assert.False(complete);
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task ReadAsync_MultiByteCharacterAcrossChunkBoundary_DecodedWhole()
    {
        // 'é' is two bytes in UTF-8; placed at ChunkBytes - 1 it straddles the first and second chunk.
        var text = new string('a', BoundedBody.ChunkBytes - 1) + "é" + new string('b', BoundedBody.ChunkBytes) + "ü";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var (body, complete) = await BoundedBody.ReadAsync(stream, 1L << 20, keepPrefix: false, CancellationToken.None);

        Assert.True(complete);
        Assert.Equal(text, body);
    }

    [Fact]
    public async Task ReadAsync_ErrorBodyPastLimitWithKeepPrefix_ReturnsTheFirstLimitBytes()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("<html>" + new string('e', 10_000)));

        var (body, complete) = await BoundedBody.ReadAsync(stream, 4096, keepPrefix: true, CancellationToken.None);

        Assert.False(complete);
        Assert.Equal(4096, body.Length);
        Assert.StartsWith("<html>eee", body, StringComparison.Ordinal);
    }

    /// <summary>A body that never ends, every read answered at once with spaces.</summary>
    private sealed class EndlessSpaces : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            buffer.Span.Fill((byte)' ');
            return ValueTask.FromResult(buffer.Length);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
