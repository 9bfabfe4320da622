namespace PolyMM.Data.Fixtures;

/// <summary>
/// Fast paths for the two shapes that dominate fixture lines: plain decimal numbers (<c>0.5665</c>, <c>2153</c>)
/// and whole-second UTC instants (<c>2026-01-01T00:00:00Z</c>). Each returns false for anything else, and the
/// caller then takes the general parser, so results (value and decimal scale) are exactly those of
/// <c>Utf8JsonReader.TryGetDecimal</c> and <c>DateTimeOffset.TryParse</c>; docs/design.md#performance-notes: GetDecimal measured as a
/// large share of parse time.
/// </summary>
internal static class Utf8Fixed
{
    /// <summary>[0-9]+ ( . [0-9]+ )?, at most 18 digits: the mantissa fits a long and the scale is the digit count after the point.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0m;
        if (text.IsEmpty || text.Length > 19)
        {
            return false;
        }

        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        foreach (var c in text)
        {
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                mantissa = (mantissa * 10) + d;
                digits++;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (c == '.' && scale < 0 && digits > 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        if (scale == 0 || digits > 18)
        {
            return false;
        }

        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, false, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>Exactly <c>yyyy-MM-ddTHH:mm:ssZ</c> (20 bytes) as a UTC instant; anything else is left to the general parser.</summary>
    public static bool TryParseUtcSeconds(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int at, int count, out int value)
    {
        value = 0;
        for (var i = at; i < at + count; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}
