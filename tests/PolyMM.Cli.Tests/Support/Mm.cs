using System.Diagnostics;

namespace PolyMM.Cli.Tests.Support;

/// <summary>Runs <c>mm</c> in-process (fast, same code path as Main) or as a child process (signals, kill -9).</summary>
internal static class Mm
{
    /// <summary>The built mm.dll beside the test assembly.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "mm.dll");

    public static MmResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, TimeProvider.System);
        return new MmResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts mm as a child process in <paramref name="workDir"/>; the caller waits, signals or kills it.</summary>
    public static Process Start(string workDir, params string[] args) => Start(workDir, null, args);

    /// <summary>As <see cref="Start(string, string[])"/>, with extra environment variables for the child only.</summary>
    public static Process Start(string workDir, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("could not start mm");
    }
}
