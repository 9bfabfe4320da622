using System.Text;
using System.Text.RegularExpressions;

namespace PolyMM.Cli.Tests.Architecture;

/// <summary>
/// The repository explains itself: comments and docs cite only documents that are in the repository, and
/// every <c>file.md#anchor</c> they cite names a heading that exists in that file. Each failure lists the
/// offending file and line.
/// </summary>
public sealed partial class DocCitationTests
{
    private static readonly string Root = FindRepoRoot();

    [Fact]
    public void SourceComments_AllCodeFiles_CiteNoDocumentOutsideTheRepository()
    {
        var files = CodeFiles().ToList();
        var offending = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (CommentText(file, lines[i]) is { } comment && ForeignCitation(file, comment) is { } cited)
                {
                    offending.Add($"{Relative(file)}:{i + 1}: '{cited}' in: {lines[i].Trim()}");
                }
            }
        }

        // Guard against a vacuous pass (wrong root, empty glob).
        Assert.True(files.Count > 100, $"expected the repository's code files under {Root}, found {files.Count}");
        Assert.True(offending.Count == 0,
            "comments cite documents that are not in the repository; cite docs/design.md or docs/data-dictionary.md instead:\n"
            + string.Join('\n', offending));
    }

    [Fact]
    public void RepositoryDocs_AllMarkdownFiles_CiteNoDocumentOutsideTheRepository()
    {
        var docs = MarkdownFiles().ToList();
        var offending = new List<string>();
        foreach (var file in docs)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (ForeignCitation(file, lines[i]) is { } cited)
                {
                    offending.Add($"{Relative(file)}:{i + 1}: '{cited}'");
                }
            }
        }

        Assert.Contains(docs, d => Relative(d) == "docs/design.md");
        Assert.True(offending.Count == 0, "docs cite documents that are not in the repository:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void DocAnchors_CitedFromCodeAndDocs_ExistAsHeadings()
    {
        var citations = new List<(string From, string Doc, string Anchor)>();
        foreach (var file in CodeFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in CodeAnchor().Matches(lines[i]))
                {
                    citations.Add(($"{Relative(file)}:{i + 1}", Path.Combine(Root, m.Groups["doc"].Value), m.Groups["anchor"].Value));
                }
            }
        }

        foreach (var file in MarkdownFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in MarkdownLink().Matches(lines[i]))
                {
                    var target = m.Groups["doc"].Value;
                    if (target.Contains("://", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var doc = target.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target));
                    citations.Add(($"{Relative(file)}:{i + 1}", doc, m.Groups["anchor"].Value));
                }
            }
        }

        var anchors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var (from, doc, anchor) in citations)
        {
            if (!File.Exists(doc))
            {
                broken.Add($"{from}: {Relative(doc)} does not exist");
                continue;
            }

            if (!anchors.TryGetValue(doc, out var known))
            {
                known = HeadingAnchors(File.ReadAllLines(doc));
                anchors[doc] = known;
            }

            if (!known.Contains(anchor))
            {
                broken.Add($"{from}: {Relative(doc)} has no heading for #{anchor}");
            }
        }

        Assert.True(citations.Count(c => c.From.Contains(".cs:", StringComparison.Ordinal)) > 50,
            $"expected the C# comments to cite docs/*.md#anchor many times, found {citations.Count} citations in all");
        Assert.True(broken.Count == 0, "cited anchors that do not exist:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("## Quoting", "quoting")]
    [InlineData("### Profit and loss identity", "profit-and-loss-identity")]
    [InlineData("## Cloud Run Job (alternative)", "cloud-run-job-alternative")]
    [InlineData("#### runs.params", "runsparams")]
    [InlineData("### `schema_info`", "schema_info")]
    [InlineData("## Ledger, fees & P&L", "ledger-fees--pl")]
    public void HeadingAnchors_GitHubSpelling_MatchesTheLinkTarget(string heading, string expected)
    {
        var anchors = HeadingAnchors([heading]);

        Assert.Equal(expected, Assert.Single(anchors));
    }

    [Fact]
    public void HeadingAnchors_HeadingInsideCodeFence_IsNotAnAnchor()
    {
        var anchors = HeadingAnchors(["# Title", "```bash", "# a shell comment", "```", "## After"]);

        Assert.Equal(new[] { "after", "title" }, anchors.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The anchors GitHub generates for a Markdown file's headings: lower case, punctuation dropped except
    /// '-' and '_', spaces to '-'; a repeated heading gets -1, -2, …; headings in code fences are not headings.
    /// </summary>
    internal static HashSet<string> HeadingAnchors(IEnumerable<string> lines)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced || Heading().Match(line) is not { Success: true } h)
            {
                continue;
            }

            var slug = new StringBuilder();
            foreach (var c in h.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var s = slug.ToString();
            var n = seen.GetValueOrDefault(s);
            seen[s] = n + 1;
            result.Add(n == 0 ? s : $"{s}-{n}");
        }

        return result;
    }

    /// <summary>The comment part of a line: after '//' in C#, after '#' in shell and YAML; null when there is none.</summary>
    private static string? CommentText(string file, string line)
    {
        if (file.EndsWith(".cs", StringComparison.Ordinal))
        {
            var at = line.IndexOf("//", StringComparison.Ordinal);
            if (at >= 0)
            {
                return line[at..];
            }

            var t = line.TrimStart();
            return t.StartsWith("/*", StringComparison.Ordinal) || t.StartsWith('*') ? t : null;
        }

        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? line[hash..] : null;
    }

    private static IEnumerable<string> CodeFiles() =>
        new[] { "src", "tests", "bench", "eng", "deploy" }
            .Select(d => Path.Combine(Root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal)
                || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal))
            .Where(f => !IsBuildOutput(f));

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Root, "*.md", SearchOption.TopDirectoryOnly)
            .Concat(new[] { "docs", "deploy" }
                .Select(d => Path.Combine(Root, d))
                .Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d, "*.md", SearchOption.AllDirectories)));

    private static bool IsBuildOutput(string path)
    {
        var parts = Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "TestResults" or "BenchmarkDotNet.Artifacts" or "out");
    }

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolyMM.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PolyMM.slnx not found above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// The first citation in <paramref name="text"/> a reader of the repository cannot follow, or null: a section
    /// sign (the repository's docs are cited by heading anchor, as in <c>docs/design.md#fill-models</c>, never by
    /// section number), or a cited document that exists neither beside <paramref name="file"/>, nor under the
    /// repository root, nor in <c>docs/</c> (a path leaving the repository never exists inside it).
    /// </summary>
    private static string? ForeignCitation(string file, string text)
    {
        if (text.IndexOf('\u00a7', StringComparison.Ordinal) is var at and >= 0)
        {
            return text[Math.Max(0, at - 12)..Math.Min(text.Length, at + 4)].Trim();
        }

        foreach (Match m in MarkdownFileName().Matches(text))
        {
            var name = m.Groups["doc"].Value;
            var candidates = new[] { Path.GetDirectoryName(file)!, Root, Path.Combine(Root, "docs") }
                .Select(dir => Path.GetFullPath(Path.Combine(dir, name)));
            if (!candidates.Any(p => p.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(p)))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// A document as a citation names it: a path up and out (<c>../</c>…<c>.md</c>), a path into <c>docs/</c> or
    /// <c>deploy/</c>, or a capitalised document name (README, CONTRIBUTING and the like). Report files that the tool
    /// writes (<c>reports/market_making_TAG.md</c>) are outputs, not citations.
    /// </summary>
    [GeneratedRegex(@"(?<![\w./$-])(?<doc>(?:\.\./)+[\w./-]+\.md|(?:docs|deploy)/[\w./-]+\.md|[A-Z][A-Z0-9_-]+\.md)\b")]
    private static partial Regex MarkdownFileName();

    // docs/design.md#quoting or deploy/README.md#runbook-steps, relative to the repository root.
    [GeneratedRegex(@"(?<![\w./])(?<doc>(?:docs|deploy)/[\w./-]*\.md)#(?<anchor>[\w-]+)")]
    private static partial Regex CodeAnchor();

    // [text](other.md#anchor) or [text](#anchor), relative to the Markdown file.
    [GeneratedRegex(@"\]\((?<doc>[^()#\s]*)#(?<anchor>[^()\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
