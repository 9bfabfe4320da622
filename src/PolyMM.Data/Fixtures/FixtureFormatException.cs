namespace PolyMM.Data.Fixtures;

/// <summary>Bad fixture or whitelist input. The message is one line naming the file (and line, when known).</summary>
public sealed class FixtureFormatException : Exception
{
    public FixtureFormatException(string message)
        : base(message)
    {
    }

    public FixtureFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FixtureFormatException()
    {
    }

    public static FixtureFormatException At(string file, long line, string problem) => new($"{file}:{line}: {problem}");
}
