namespace PolyMM.Ledger.Sqlite;

/// <summary>A ledger problem a user can act on (unopenable file, duplicate run id, unknown run); one-line message.</summary>
public sealed class LedgerException : Exception
{
    public LedgerException(string message)
        : base(message)
    {
    }

    public LedgerException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public LedgerException()
    {
    }

    /// <summary>
    /// The one-line message for a failure of the storage engine itself (a locked, damaged or full database), or null
    /// when <paramref name="e"/> is not one: callers outside this assembly never see SQLite's types.
    /// </summary>
    public static string? DescribeStorageFailure(Exception e) =>
        e is Microsoft.Data.Sqlite.SqliteException s ? $"database: {s.Message.ReplaceLineEndings(" ")}" : null;
}
