using System.Text.Json.Nodes;

namespace PolyMM.Cli.Tests.Support;

/// <summary>Report JSON helpers: the wall-clock fields stripped so two analyses of the same run compare equal.</summary>
internal static class ReportJson
{
    public static string WithoutWallClock(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        node.Remove("started_at");
        node.Remove("ended_at");
        return node.ToJsonString();
    }
}
