using System.Net;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// The one place where text from data enters the HTML. WebUtility.HtmlEncode escapes &lt; &gt; &amp; " and ',
/// so the same encoding is safe in element text and in quoted attribute values.
/// </summary>
internal static class HtmlText
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
