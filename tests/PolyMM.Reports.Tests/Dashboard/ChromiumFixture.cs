using Microsoft.Playwright;

namespace PolyMM.Reports.Tests.Dashboard;

/// <summary>
/// One headless Chromium per test class, driven by Playwright over its bundled Node driver. The browser is
/// Debian's <c>chromium</c> package (never a downloaded build) with a fresh temporary profile, and every
/// background-network feature switched off so that any request seen by a test came from the page.
/// A missing browser fails the tests with instructions instead of skipping them.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package installs here; POLYMM_CHROMIUM overrides it.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private readonly TempDir _profile = new();
    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    public IBrowserContext Context => _context ?? throw new InvalidOperationException("Chromium did not start.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("POLYMM_CHROMIUM") is { Length: > 0 } custom ? custom : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {executable}. Run the project's test script, which installs Debian's 'chromium' package " +
                "(apt-get install -y chromium), or set POLYMM_CHROMIUM to a Chromium binary.");
        }

        _playwright = await Playwright.CreateAsync();
        // A persistent context is how Playwright takes an explicit --user-data-dir: a fresh temp dir per fixture.
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = true,
            ChromiumSandbox = false,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        _playwright?.Dispose();
        _profile.Dispose();
    }
}
