namespace PolyMM.Cli.Running;

/// <summary>
/// Resolves the bundled files (config, sample fixture): relative to the working directory first, then
/// to the tool's own directory, where the build copies them, so <c>mm</c> works from anywhere.
/// </summary>
internal static class Paths
{
    public static string? FindConfig(string relative) => Bundled(relative) is { } p && File.Exists(p) ? p : null;

    /// <summary>The path as given if it exists (or is absolute); else the copy beside the tool if that exists; else as given.</summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(beside) || Directory.Exists(beside) ? beside : path;
    }

    private static string? Bundled(string relative)
    {
        var resolved = Resolve(relative);
        return File.Exists(resolved) ? resolved : null;
    }
}
