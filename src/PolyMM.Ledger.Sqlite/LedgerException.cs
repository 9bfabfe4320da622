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
}
