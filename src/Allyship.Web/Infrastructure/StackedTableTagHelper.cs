using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// A <c>&lt;table class="table-stack"&gt;</c> becomes labelled cards on a phone (site.css): each body cell needs its
/// column's name. This gives every <c>&lt;td&gt;</c> without one a <c>data-label</c> from its column's header, so no
/// page repeats its headers by hand and a new column can't be left unlabelled.
/// </summary>
[HtmlTargetElement("table", Attributes = "stack")]
public sealed partial class StackedTableTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.RemoveAll("stack");
        var classes = output.Attributes.TryGetAttribute("class", out var c) ? c.Value?.ToString() : null;
        output.Attributes.SetAttribute("class", string.IsNullOrEmpty(classes) ? "table-stack" : $"{classes} table-stack");
        var html = (await output.GetChildContentAsync()).GetContent();
        output.Content.SetHtmlContent(Label(html));
    }

    /// <summary>The table's inner HTML with a data-label on each body cell, from the header cell in the same column.</summary>
    public static string Label(string html)
    {
        if (Head().Match(html) is not { Success: true } head)
        {
            return html;
        }

        var labels = Cell().Matches(head.Value).Select(m => WebUtility.HtmlEncode(Text(m.Groups["body"].Value))).ToList();
        var bodyStart = head.Index + head.Length;
        var body = Row().Replace(html[bodyStart..], row =>
        {
            var column = 0;
            return CellStart().Replace(row.Value, cell =>
            {
                var label = column < labels.Count ? labels[column] : "";
                column++;
                return cell.Value.StartsWith("<td", StringComparison.Ordinal) && !cell.Value.Contains("data-label", StringComparison.Ordinal) && label.Length > 0
                    ? $"<td data-label=\"{label}\"{cell.Groups["rest"].Value}"
                    : cell.Value;
            });
        });
        return html[..bodyStart] + body;
    }

    private static string Text(string html) =>
        WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(Hidden().Replace(html, ""), " "), " ")).Trim();

    [GeneratedRegex(@"<thead\b.*?</thead>", RegexOptions.Singleline)]
    private static partial Regex Head();

    [GeneratedRegex(@"<th\b[^>]*>(?<body>.*?)</th>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<tr\b.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex(@"<t[dh](?<rest>\b[^>]*>)")]
    private static partial Regex CellStart();

    /// <summary>Words shown only on wide screens (d-none d-md-block) are not part of the label.</summary>
    [GeneratedRegex(@"<span class=""d-none[^""]*"">.*?</span>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
