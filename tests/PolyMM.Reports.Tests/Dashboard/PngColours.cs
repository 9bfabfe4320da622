using System.Buffers.Binary;
using System.IO.Compression;

namespace PolyMM.Reports.Tests.Dashboard;

/// <summary>
/// Just enough of a PNG decoder (8-bit RGB/RGBA, non-interlaced, as Chromium writes screenshots) to
/// count distinct colours, which tells a rendered page from a blank one without an image library.
/// </summary>
internal static class PngColours
{
    public static (int Width, int Height, int DistinctColours) Analyse(byte[] png)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var pos = 8; pos < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);  // bit depth
                Assert.Equal(0, data[12]); // not interlaced
                channels = data[9] switch { 2 => 3, 6 => 4, var t => throw new NotSupportedException($"PNG colour type {t}") };
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            pos += 12 + length; // length, type, data, CRC
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var colours = new HashSet<int>();
        for (var y = 0; y < height; y++)
        {
            var filter = zlib.ReadByte();
            zlib.ReadExactly(row);
            Unfilter(filter, row, previous, channels);
            for (var x = 0; x < stride; x += channels)
            {
                colours.Add((row[x] << 16) | (row[x + 1] << 8) | row[x + 2]);
            }

            (previous, row) = (row, previous);
        }

        return (width, height, colours.Count);
    }

    // PNG filter types 0-4 (None, Sub, Up, Average, Paeth), each undone in place using the previous row.
    private static void Unfilter(int filter, byte[] row, byte[] prior, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = prior[i], c = i >= bpp ? prior[i - bpp] : 0;
            var predictor = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => Paeth(a, b, c),
                _ => throw new NotSupportedException($"PNG filter {filter}"),
            };
            row[i] = unchecked((byte)(row[i] + predictor)); // PNG arithmetic is modulo 256
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
