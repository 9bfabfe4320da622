namespace PolyMM.Reports.Tests.Dashboard;

/// <summary>A fresh temporary directory removed on dispose, so file tests never share state.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "polymm-dash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A browser may still hold a file for a moment; a leftover temp dir is harmless.
        }
    }
}
