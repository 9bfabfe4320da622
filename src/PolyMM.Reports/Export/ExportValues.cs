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
        var d = Scaled(value);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        if (bits[2] != 0 || (bits[0] | bits[1]) == 0)
        {
            return System.Text.Encoding.ASCII.GetBytes(DecimalText(value), destination);
        }

        var m = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        while (scale > 0 && m % 10 == 0)
        {
            m /= 10;
            scale--;
        }

        Span<byte> digits = stackalloc byte[20];
        var n = 0;
        do
        {
            digits[n++] = (byte)('0' + (int)(m % 10));
            m /= 10;
        }
        while (m != 0);

        var pos = 0;
        if (bits[3] < 0)
        {
            destination[pos++] = (byte)'-';
        }

        if (n <= scale)
        {
            // 0.000ddd: a zero integer part, then zeros up to the digits.
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (var z = n; z < scale; z++)
            {
                destination[pos++] = (byte)'0';
            }

            for (var k = n - 1; k >= 0; k--)
            {
                destination[pos++] = digits[k];
            }

            return pos;
        }

        for (var k = n - 1; k >= 0; k--)
        {
            destination[pos++] = digits[k];
            if (k == scale && scale > 0)
            {
                destination[pos++] = (byte)'.';
            }
        }

        return pos;
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
