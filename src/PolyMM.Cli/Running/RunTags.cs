using System.Text.RegularExpressions;

namespace PolyMM.Cli.Running;

/// <summary>
/// Run tags and run ids become file names (<c>market_making_&lt;TAG&gt;.json</c>, debug bundles), so they are
/// validated before any work (docs/design.md#run-tags-and-ids): a tag is 1–64 characters of
/// <c>[A-Za-z0-9_.-]</c> starting with a letter, digit or underscore (never <c>.</c>, <c>..</c>, a path
/// separator, or a leading <c>-</c> a spreadsheet or a shell would read as something else); a run id is
/// <c>mm-yyyyMMddTHHmmss-xxxxxx</c> (<see cref="RunIds"/>).
/// </summary>
internal static partial class RunTags
{
    public const string Rule = "1-64 characters of A-Z a-z 0-9 _ . - starting with a letter, digit or _";

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    public static bool IsValid(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>The one-line problem with <paramref name="tag"/> given by <paramref name="flag"/>, or null.</summary>
    public static string? Problem(string flag, string? tag) =>
        IsValid(tag) ? null : $"{flag} must be {Rule} (got '{tag}')";

    /// <summary>Throws a <see cref="SettingsException"/> unless <paramref name="tag"/> is a valid tag.</summary>
    public static string Check(string flag, string? tag) =>
        Problem(flag, tag) is { } problem ? throw new SettingsException(problem) : tag!;

    /// <summary>Throws a <see cref="SettingsException"/> unless <paramref name="runId"/> is null or a valid run id.</summary>
    public static string? CheckRunId(string flag, string? runId) =>
        runId is null || RunIds.TryParseTime(runId, out _) ? runId
            : throw new SettingsException($"{flag} must look like mm-yyyyMMddTHHmmss-xxxxxx (got '{runId}')");
}
