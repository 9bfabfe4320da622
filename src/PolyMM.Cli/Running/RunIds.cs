using System.Globalization;
using System.Security.Cryptography;

namespace PolyMM.Cli.Running;

/// <summary>Run ids are <c>mm-&lt;yyyyMMddTHHmmss UTC&gt;-&lt;6 hex&gt;</c>; the time in the id is the replay's T0.</summary>
internal static class RunIds
{
    public static string New(DateTimeOffset utcNow) =>
        $"mm-{utcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";

    /// <summary>Run-id times the replay can derive snapshot times from without leaving DateTimeOffset (docs/design.md#supported-ranges).</summary>
    public const int MinYear = 1970;

    public const int MaxYear = 9000;

    /// <summary>Whether the id's time is in [<see cref="MinYear"/>, <see cref="MaxYear"/>).</summary>
    public static bool InRange(string runId) => TryParseTime(runId, out var t0) && t0.Year is >= MinYear and < MaxYear;

    public static bool TryParseTime(string runId, out DateTimeOffset t0)
    {
        t0 = default;
        var parts = runId.Split('-');
        return parts.Length == 3 && parts[0] == "mm" && parts[2].Length == 6 && parts[2].All(Uri.IsHexDigit)
            && DateTimeOffset.TryParseExact(parts[1], "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t0);
    }
}
