using System.Text;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// What people typed, made into text each chat shows as typed (issue 31): the one home of each chat's escaping.
/// Posts are stored as plain text and escaped only here, when the body for one chat is made.
/// </summary>
public static class ChatText
{
    /// <summary>
    /// A shout-out as the program's channel reads it, for a logged one and the demo's alike: "Ben Yilmaz recognises
    /// Amara Okafor: shipped the billing service without an outage". In the current language: the caller sets the program's.
    /// </summary>
    public static string ShoutOut(string mentor, string colleague, string? achievement)
    {
        var text = achievement is { Length: > 0 } a
            ? Infrastructure.Localisation.Text.Words["{0} recognises {1}: {2}", mentor, colleague, a].Value
            : Infrastructure.Localisation.Text.Words["{0} recognises {1}.", mentor, colleague].Value;
        return text.Length > Data.ChatPost.TextMaxLength ? text[..Data.ChatPost.TextMaxLength] : text;
    }

    /// <summary>
    /// Slack's three control characters as the entities Slack asks for, so no &lt;!channel&gt;, &lt;@U…&gt; or
    /// &lt;url|label&gt; survives (the body also turns mentions and link parsing off).
    /// </summary>
    public static string ForSlack(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// A backslash before every character Markdown (the CommonMark subset of Adaptive Cards' TextBlock) could read as
    /// markup: links [label](url), emphasis, lists, headings, code, and the backslash itself. CommonMark shows an
    /// escaped punctuation character as itself.
    /// </summary>
    public static string ForTeams(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (MarkdownControl.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private const string MarkdownControl = "\\`*_{}[]()<>#+-.!|~";
}
