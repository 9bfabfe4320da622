using System.Globalization;

namespace PolyMM.Reports.Export;

/// <summary>How exported values are represented (docs/data-dictionary.md#export).</summary>
public static class ExportValues
{
    /// <summary>Decimals of every exported decimal column: the ledger's amounts have at most 6.</summary>
    public const int DecimalScale = 6;

    /// <summary>A value at the export's scale, rounded half-to-even (a no-op for every ledger amount).</summary>
    public static decimal Scaled(decimal value) => Math.Round(value, DecimalScale, MidpointRounding.ToEven);

    /// <summary>A decimal as CSV text: invariant culture, no exponent, no trailing zeros.</summary>
    public static string DecimalText(decimal value) =>
        (Scaled(value) / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="DecimalText"/> as ASCII bytes into <paramref name="destination"/> (at least 32 bytes); returns the
    /// count. A non-zero value whose unscaled digits fit 64 bits (every ledger amount) is formatted digit by digit;
    /// anything else goes through <see cref="DecimalText"/>, so the text is the same either way.
    /// </summary>
    public static int FormatDecimal(decimal value, Span<byte> destination)
    {
        // Scale first: rounding to 6 decimals is a no-op for a value with at most 6, every ledger amount.
        var bits = new DecimalBits(value);
        if (bits.Scale > DecimalScale)
        {
            bits = new DecimalBits(Scaled(value));
        }

        if (bits.Hi != 0 || bits.Low64 == 0)
        {
            return System.Text.Encoding.ASCII.GetBytes(DecimalText(value), destination);
        }

        var m = bits.Low64;
        var scale = bits.Scale;
        while (scale > 0 && m % 10 == 0)
        {
            m /= 10;
            scale--;
        }

        var pos = 0;
        if (bits.Negative)
        {
            destination[pos++] = (byte)'-';
        }

        var pow = Pow10[scale];
        var whole = m / pow;
        whole.TryFormat(destination[pos..], out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += n;
        if (scale == 0)
        {
            return pos;
        }

        // The fraction, zero-padded to the scale (its last digit is not zero: the zeros were dropped above).
        destination[pos] = (byte)'.';
        var fraction = (uint)(m - (whole * pow));
        for (var k = pos + scale; k > pos; k--)
        {
            destination[k] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        return pos + scale + 1;
    }

    private static readonly ulong[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>A decimal's parts: its 96-bit unscaled integer (low 64 bits and high 32), scale and sign.</summary>
    private readonly struct DecimalBits
    {
        public DecimalBits(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            Low64 = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            Hi = (uint)bits[2];
            Scale = (bits[3] >> 16) & 0xFF;
            Negative = bits[3] < 0;
        }

        public ulong Low64 { get; }

        public uint Hi { get; }

        public int Scale { get; }

        public bool Negative { get; }
    }

    /// <summary><see cref="TimestampText"/> as ASCII bytes into <paramref name="destination"/> (at least 27 bytes); returns 27.</summary>
    public static int FormatTimestamp(DateTimeOffset value, Span<byte> destination)
    {
        var t = value.UtcDateTime;
        var (year, month, day) = t;
        var ticks = t.Ticks % TimeSpan.TicksPerDay;
        var seconds = (int)(ticks / TimeSpan.TicksPerSecond);
        var micros = (int)(ticks % TimeSpan.TicksPerSecond / 10);
        Digits(destination[..4], year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), seconds / 3600);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), seconds / 60 % 60);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), seconds % 60);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 6), micros);
        destination[26] = (byte)'Z';
        return 27;
    }

    /// <summary><paramref name="value"/> in exactly <c>destination.Length</c> digits, zero-padded.</summary>
    private static void Digits(Span<byte> destination, int value)
    {
        for (var k = destination.Length - 1; k >= 0; k--)
        {
            destination[k] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>A UTC instant as CSV text: ISO-8601 with microseconds and Z.</summary>
    public static string TimestampText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
