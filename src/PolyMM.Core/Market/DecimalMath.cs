using System.Runtime.CompilerServices;

namespace PolyMM.Core.Market;

/// <summary>Exact shortcuts for decimal operations on the engine's hot path (docs/design.md#performance-notes).</summary>
public static class DecimalMath
{
    // 2^96: a decimal's coefficient is below it.
    private static readonly UInt128 CoefficientLimit = UInt128.One << 96;

    /// <summary>Whether two decimals have the same bits: the same value and the same scale (0.5 and 0.50 differ).</summary>
    public static bool SameBits(decimal a, decimal b) => Unsafe.As<decimal, UInt128>(ref a) == Unsafe.As<decimal, UInt128>(ref b);

    /// <summary>
    /// <c>x / 2m</c>, bit for bit (value and scale), without the general division: an even coefficient is halved at the
    /// same scale, an odd one becomes five times itself one decimal place further, which is what the division yields
    /// for an exact quotient. Anything else (zero, scale 28, a coefficient that would overflow) takes the division.
    /// </summary>
    public static decimal Half(decimal x)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(x, bits);
        var n = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        var negative = bits[3] < 0;
        if (n == UInt128.Zero)
        {
            return x / 2m;
        }

        if ((bits[0] & 1) == 0)
        {
            n >>= 1;
        }
        else if (scale < 28 && n * 5 < CoefficientLimit)
        {
            n *= 5;
            scale++;
        }
        else
        {
            return x / 2m;
        }

        return new decimal((int)(uint)n, (int)(uint)(n >> 32), (int)(uint)(n >> 64), negative, scale);
    }

    /// <summary>
    /// <c>num / den &gt; limit</c> for den &gt; 0, without the general division when the exact comparison provably gives
    /// the same answer: all three have at most 6 decimal places and coefficients below 2^32 (each below 4.3 × 10^9 in size).
    /// Then <c>limit × den</c> is exact. If num ≠ limit × den, both are multiples of 10^-12, so the true quotient q is at
    /// least 10^-12 / den from <paramref name="limit"/>; the division rounds q by less than |q| × 10^-27 + 10^-28, which
    /// times den is below 4.3 × 10^-18 + 4.3 × 10^-19 &lt; 10^-12, so the rounded quotient falls on the same side of the
    /// limit. If num = limit × den, q = limit has 6 places and the division returns it exactly. So
    /// <c>num &gt; limit × den</c> decides it as the division does; anything else divides.
    /// </summary>
    public static bool RatioExceeds(decimal num, decimal den, decimal limit)
    {
        if (den > 0m && Small(num) && Small(den) && Small(limit))
        {
            return num > limit * den;
        }

        return num / den > limit;
    }

    private static bool Small(decimal x)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(x, bits);
        return bits[1] == 0 && bits[2] == 0 && ((bits[3] >> 16) & 0xFF) <= 6;
    }

    private static readonly UInt128 QuotientLimit = (UInt128)100_000_000_000_000_000_000m;

    /// <summary>
    /// ⌊num × 10^<paramref name="shift"/> / den⌋ (or ⌈…⌉), exactly, for num ≥ 0 and den &gt; 0 whose coefficients fit 64 bits and
    /// whose scaled numerator and denominator stay below 10^20; false otherwise. Within those bounds it equals the floor (or
    /// ceiling) of the rounded decimal quotient: a quotient that is not whole is at least 1/den' (den' the scaled
    /// denominator, below 10^20) from a whole number, far more than the 28-digit rounding error of a quotient below 10^20.
    /// </summary>
    public static bool TryWholeQuotient(decimal num, decimal den, int shift, bool ceiling, out ulong k)
    {
        k = 0;
        Span<int> a = stackalloc int[4];
        Span<int> b = stackalloc int[4];
        decimal.GetBits(num, a);
        decimal.GetBits(den, b);
        if (a[2] != 0 || b[2] != 0 || a[3] < 0 || b[3] < 0)
        {
            return false;
        }

        var na = ((ulong)(uint)a[1] << 32) | (uint)a[0];
        var nb = ((ulong)(uint)b[1] << 32) | (uint)b[0];
        var numPow = ((b[3] >> 16) & 0xFF) + shift;
        var denPow = (a[3] >> 16) & 0xFF;
        if (nb == 0 || numPow > 19 || denPow > 19 || numPow < 0)
        {
            return false;
        }

        var n = (UInt128)na * Pow10[numPow];
        var d = (UInt128)nb * Pow10[denPow];
        if (n >= QuotientLimit || d >= QuotientLimit)
        {
            return false;
        }

        var q = n / d;
        if (ceiling && q * d != n)
        {
            q++;
        }

        k = (ulong)q;
        return true;
    }

    private static ReadOnlySpan<ulong> Pow10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];
}
