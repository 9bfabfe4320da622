using Microsoft.Data.Sqlite;

namespace PolyMM.Ledger.Sqlite;

/// <summary>Conversions between ledger values and SQLite storage: REAL amounts, microsecond instants, ISO text.</summary>
internal static class SqlValues
{
    public static object Real(decimal? value) => value is { } v ? (double)v : DBNull.Value;

    public static object Real(double value) => double.IsFinite(value) ? value : DBNull.Value;

    public static long Micros(DateTimeOffset ts) => (ts.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static object Micros(DateTimeOffset? ts) => ts is { } t ? Micros(t) : DBNull.Value;

    public static DateTimeOffset FromMicros(long us) => new(DateTimeOffset.UnixEpoch.UtcTicks + (us * 10), TimeSpan.Zero);

    public static string Iso(DateTimeOffset ts) => ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static object Iso(DateTimeOffset? ts) => ts is { } t ? Iso(t) : DBNull.Value;

    public static object Text(string? s) => s is null ? DBNull.Value : s;

    /// <summary>Stored REAL back to decimal: values with ≤ 15 significant digits come back exactly.</summary>
    public static decimal? Dec(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : (decimal)r.GetDouble(i);

    public static decimal DecOrZero(SqliteDataReader r, int i) => r.IsDBNull(i) ? 0m : (decimal)r.GetDouble(i);

    public static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? Long(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static SqliteParameter Add(SqliteCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }
}
