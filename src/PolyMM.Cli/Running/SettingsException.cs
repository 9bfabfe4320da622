namespace PolyMM.Cli.Running;

/// <summary>A bad flag or config value; the message is the one line the user sees (exit 2).</summary>
internal sealed class SettingsException : Exception
{
    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException()
    {
    }

    public SettingsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
