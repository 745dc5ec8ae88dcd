using Allyship.Web.Data;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// The guide's words, from one Markdown file (<c>Content/guide.md</c>, or <c>Guide:File</c>) that a program can rewrite
/// without code: the text before the first <c>##</c> heading is the introduction, and each <c>##</c> section is shown
/// on the log form it names (Coffee, Shout-out, Sponsor note) and on the Guide page. Rendered once, at start, with
/// Markdig; raw HTML in the file is shown as text, never run, and links go only to http, https, mailto or the app's own pages.
/// One file per language: <c>guide.fr.md</c> and <c>guide.es.md</c> beside the English one, read in the reader's
/// language (English where a language has none). A translation has the English file's sections in the same order, and
/// takes their anchors (#coffee), so links and the log forms find the same section in every language.
/// </summary>
public sealed class GuideContent
{
    public sealed record Section(string Title, string Slug, HtmlString Html, string Markdown);

    private sealed record Document(HtmlString Introduction, IReadOnlyList<Section> Sections);

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    private readonly Document _english;
    private readonly Dictionary<string, Document> _translations = new(StringComparer.Ordinal);

    public GuideContent(IConfiguration configuration, IWebHostEnvironment environment)
        : this(Files(ResolvePath(configuration["Guide:File"], environment.ContentRootPath)))
    {
    }

    private GuideContent((string English, Dictionary<string, string> Translations) files)
        : this(files.English, files.Translations)
    {
    }

    /// <summary>The English file and its translations beside it (guide.fr.md, guide.es.md…), by language code.</summary>
    public static (string English, Dictionary<string, string> Translations) Files(string path) => (File.ReadAllText(path), TranslationsBeside(path));

    public GuideContent(string markdown, IReadOnlyDictionary<string, string>? translations = null)
    {
        _english = Read(markdown, null);
        foreach (var (language, text) in translations ?? new Dictionary<string, string>())
        {
            _translations[language] = Read(text, _english);
        }
    }

    /// <summary>The languages the guide is written in besides English.</summary>
    public IReadOnlyCollection<string> Translated => _translations.Keys;

    private Document Current =>
        _translations.GetValueOrDefault(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) ?? _english;

    public HtmlString Introduction => Current.Introduction;

    public IReadOnlyList<Section> Sections => Current.Sections;

    /// <summary>guide.fr.md, guide.es.md… beside the English file, by language code.</summary>
    private static Dictionary<string, string> TranslationsBeside(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        var stem = Path.GetFileNameWithoutExtension(path);
        return Directory.EnumerateFiles(folder, $"{stem}.*{Path.GetExtension(path)}")
            .Select(f => (Language: Path.GetFileNameWithoutExtension(f)[(stem.Length + 1)..], File: f))
            .Where(t => t.Language.Length is 2 or 3 && t.Language.All(char.IsAsciiLetterLower))
            .ToDictionary(t => t.Language, t => File.ReadAllText(t.File), StringComparer.Ordinal);
    }

    /// <summary>A guide's introduction and sections; a translation's sections take the English ones' anchors, in order.</summary>
    private static Document Read(string markdown, Document? english)
    {
        var (introduction, sections) = Split(markdown);
        if (english is not null && sections.Count != english.Sections.Count)
        {
            throw new InvalidOperationException(
                $"A translation of the guide has {sections.Count} sections where the English one has {english.Sections.Count}: each section must be translated, in the same order.");
        }

        return new Document(Render(introduction),
            sections.Select((s, i) => new Section(s.Title, english?.Sections[i].Slug ?? Slugify(s.Title), Render(s.Body), s.Body.Trim())).ToList());
    }

    /// <summary>The section for a kind's log form, by its label (Coffee, Shout-out, Sponsor note); null when the file has none.</summary>
    public Section? For(ActionKind kind) => Sections.FirstOrDefault(s => s.Slug == Pledge.ActionKinds.Slug(kind));

    /// <summary>Why the pledge exists, in three points: the welcome page and the welcome email (the "Why the pledge" section).</summary>
    public Section? Why => Sections.FirstOrDefault(s => s.Slug == WhySlug);

    public const string WhySlug = "why-the-pledge";

    /// <summary>The file: <c>Guide:File</c> when set (absolute, or relative to the app), else the one beside the app.</summary>
    public static string ResolvePath(string? configured, string contentRoot)
    {
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine("Content", "guide.md") : configured;
        var full = Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path);
        if (!File.Exists(full) && string.IsNullOrWhiteSpace(configured))
        {
            full = Path.Combine(AppContext.BaseDirectory, "Content", "guide.md"); // run from elsewhere: the build output's copy
        }

        return File.Exists(full) ? full : throw new InvalidOperationException($"Guide:File: the guide's Markdown file “{full}” does not exist.");
    }

    private static (string Introduction, List<(string Title, string Body)> Sections) Split(string markdown)
    {
        var sections = new List<(string Title, List<string> Lines)>();
        var introduction = new List<string>();
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add((line[3..].Trim(), []));
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal) && sections.Count == 0)
            {
                continue; // the page has its own title
            }
            else
            {
                (sections.Count == 0 ? introduction : sections[^1].Lines).Add(line);
            }
        }

        return (string.Join('\n', introduction), sections.Select(s => (s.Title, string.Join('\n', s.Lines))).ToList());
    }

    private static HtmlString Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !IsSafeUrl(l.Url)).ToList())
        {
            Unwrap(link);
        }

        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !IsSafeUrl(l.Url)).ToList())
        {
            link.ReplaceBy(new LiteralInline(link.Url));
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return new(writer.ToString());
    }

    /// <summary>
    /// A link the guide may carry: http, https, mailto, or a path in the app. Browsers drop tabs and line breaks inside
    /// a scheme ("java&#9;script:"), so they are dropped here too before the scheme is read.
    /// </summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        var plain = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = plain.IndexOf(':', StringComparison.Ordinal);
        var pathStart = plain.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon))
        {
            return true; // relative: no scheme
        }

        return plain[..colon].ToLowerInvariant() is "http" or "https" or "mailto";
    }

    /// <summary>A link to a scheme the guide may not use keeps its words, as text.</summary>
    private static void Unwrap(LinkInline link)
    {
        Inline anchor = link;
        foreach (var child in link.ToList())
        {
            child.Remove();
            anchor.InsertAfter(child);
            anchor = child;
        }

        link.Remove();
    }

    public static string Slugify(string title) =>
        string.Join('-', new string(title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
