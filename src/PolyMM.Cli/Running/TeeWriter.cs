using System.Text;

namespace PolyMM.Cli.Running;

/// <summary>Writes to the user's console live while keeping a copy, so a pipeline step can be shown and parsed.</summary>
internal sealed class TeeWriter(TextWriter live) : TextWriter
{
    private readonly StringBuilder _copy = new();

    public override Encoding Encoding => live.Encoding;

    public string Captured => _copy.ToString();

    public override void Write(char value)
    {
        live.Write(value);
        _copy.Append(value);
    }

    public override void Write(string? value)
    {
        live.Write(value);
        _copy.Append(value);
    }

    public override void WriteLine(string? value)
    {
        live.WriteLine(value);
        _copy.Append(value).Append('\n');
    }

    public override void Flush() => live.Flush();
}
