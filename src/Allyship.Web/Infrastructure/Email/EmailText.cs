using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>
/// The plain-text part of an email, read off its rendered HTML: paragraphs and headings become paragraphs, list items
/// "- " lines, links "words &lt;url&gt;", the primary button "Label: url" on its own line. Whatever is marked
/// <c>data-text="skip"</c> (the preheader, the brand bar, the drawn ring) stays out. The layout is written as well-formed
/// XHTML so that it can be read with <see cref="XmlReader"/>; a template that is not fails its test.
/// </summary>
public static partial class EmailText
{
    private static readonly HashSet<string> Paragraphs = ["p", "h1", "h2", "h3", "ul", "ol", "table", "blockquote"];
    private static readonly HashSet<string> Lines = ["tr", "div", "br"];

    public static string FromHtml(string html)
    {
        var text = new StringBuilder();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true };
        // HtmlRenderer writes void elements the HTML way (<meta ...>, <br>): closed here so that XML can read the rest.
        using var reader = XmlReader.Create(new StringReader(VoidElements().Replace(html, "<$1$2/>")), settings);
        var skipDepth = -1;
        var inBody = false;
        var links = new Stack<(string Href, bool Button, int Start)>();
        while (reader.Read())
        {
            if (skipDepth >= 0)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == skipDepth)
                {
                    skipDepth = -1;
                }

                continue;
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var name = reader.LocalName;
                    if (name == "body")
                    {
                        inBody = true;
                        continue;
                    }

                    if (!inBody)
                    {
                        continue;
                    }

                    if (reader.GetAttribute("data-text") == "skip" || name is "style" or "script")
                    {
                        if (!reader.IsEmptyElement)
                        {
                            skipDepth = reader.Depth;
                        }

                        continue;
                    }

                    if (Paragraphs.Contains(name))
                    {
                        Break(text, 2);
                    }
                    else if (Lines.Contains(name))
                    {
                        Break(text, 1);
                    }
                    else if (name == "li")
                    {
                        Break(text, 1);
                        text.Append("- ");
                    }
                    else if (name == "a" && !reader.IsEmptyElement)
                    {
                        var button = (reader.GetAttribute("class") ?? "").Contains("button", StringComparison.Ordinal);
                        if (button)
                        {
                            Break(text, 2);
                        }

                        links.Push((reader.GetAttribute("href") ?? "", button, text.Length));
                    }

                    break;
                case XmlNodeType.EndElement when inBody:
                    if (reader.LocalName == "a" && links.Count > 0)
                    {
                        var (href, button, start) = links.Pop();
                        var label = text.ToString(start, text.Length - start).Trim();
                        if (label == href || href.Length == 0)
                        {
                            break;
                        }

                        text.Append(button ? $": {href}" : $" <{href}>");
                        if (button)
                        {
                            Break(text, 2);
                        }
                    }
                    else if (Paragraphs.Contains(reader.LocalName))
                    {
                        Break(text, 2);
                    }
                    else if (reader.LocalName is "li" or "tr" or "div")
                    {
                        Break(text, 1);
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inBody:
                    var words = Spaces().Replace(reader.Value.Replace('\u00A0', ' '), " ");
                    if (text.Length == 0 || text[^1] == '\n' || text[^1] == ' ')
                    {
                        words = words.TrimStart();
                    }

                    text.Append(words);
                    break;
            }
        }

        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd());
        return ExtraBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim() + "\n";
    }

    private static void Break(StringBuilder text, int newlines)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        if (text.Length == 0)
        {
            return;
        }

        var have = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\n'; i--)
        {
            have++;
        }

        text.Append('\n', Math.Max(0, newlines - have));
    }

    [GeneratedRegex(@"<(meta|br|hr|img|link|input|col)\b([^>]*?)\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex VoidElements();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();
}
