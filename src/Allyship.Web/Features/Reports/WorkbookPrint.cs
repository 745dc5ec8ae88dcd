using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// The workbook's print setup, which SpreadCheetah cannot write: each sheet prints landscape, its columns fitted to one
/// page's width (as many pages down as its rows need), its header row repeated on every page, and a footer naming the
/// sheet and the page. The finished archive is copied entry by entry; a sheet's XML streams through with three small
/// insertions (its rows are never held), and the workbook part, a few hundred bytes, is read whole.
/// </summary>
public static class WorkbookPrint
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>In <c>sheetPr</c>, the first child of a worksheet: "fit to the page", sized by <c>pageSetup</c>.</summary>
    private static readonly byte[] FitToPage = "<pageSetUpPr fitToPage=\"1\"/>"u8.ToArray();

    /// <summary>
    /// After the sheet's data, filter and merged cells, before its drawings and tables: margins, one page wide and as many
    /// down as needed (0), landscape; the paper is the printer's own (A4 or Letter). The footer: sheet name left, page right.
    /// </summary>
    private static readonly byte[] PageSetup = Encoding.UTF8.GetBytes(
        "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        + "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        + "<headerFooter><oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>");

    /// <summary>What may follow <c>headerFooter</c> in a worksheet and SpreadCheetah writes; the page setup goes before the first.</summary>
    private static readonly byte[][] AfterPageSetup =
        [.. new[] { "<drawing ", "<legacyDrawing ", "<tableParts", "</worksheet>" }.Select(Encoding.UTF8.GetBytes)];

    public static async Task CopyAsync(Stream workbook, Stream destination, CancellationToken ct)
    {
        await using var source = await ZipArchive.CreateAsync(workbook, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
        await using var target = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Fastest);
            copy.LastWriteTime = entry.LastWriteTime;
            await using var from = await entry.OpenAsync(ct);
            await using var to = await copy.OpenAsync(ct);
            if (entry.FullName == "xl/workbook.xml")
            {
                await RepeatHeadersAsync(from, to, ct);
            }
            else if (entry.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && entry.FullName.EndsWith(".xml", StringComparison.Ordinal))
            {
                await SetUpSheetAsync(from, to, ct);
            }
            else
            {
                await from.CopyToAsync(to, ct);
            }
        }
    }

    /// <summary>The workbook part gains a <c>_xlnm.Print_Titles</c> name per sheet: its first row, on every printed page.</summary>
    private static async Task RepeatHeadersAsync(Stream from, Stream to, CancellationToken ct)
    {
        XNamespace main = Main;
        var document = await XDocument.LoadAsync(from, LoadOptions.None, ct);
        var workbook = document.Root!;
        var sheets = workbook.Element(main + "sheets")!.Elements(main + "sheet").ToList();
        var names = workbook.Element(main + "definedNames");
        if (names is null)
        {
            names = new XElement(main + "definedNames");
            workbook.Element(main + "sheets")!.AddAfterSelf(names);
        }

        for (var i = 0; i < sheets.Count; i++)
        {
            var quoted = "'" + ((string)sheets[i].Attribute("name")!).Replace("'", "''", StringComparison.Ordinal) + "'";
            names.Add(new XElement(main + "definedName", new XAttribute("name", "_xlnm.Print_Titles"), new XAttribute("localSheetId", i), quoted + "!$1:$1"));
        }

        await using var writer = XmlWriter.Create(to, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        await document.SaveAsync(writer, ct);
    }

    /// <summary>
    /// Streams a worksheet's XML through, adding "fit to page" at its start and the page setup before what follows it. A
    /// marker found in the stream is markup, never a cell's text: text escapes its <c>&lt;</c>.
    /// </summary>
    private static async Task SetUpSheetAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        var read = 0;

        // The head: up to the end of the <worksheet ...> start tag, then sheetPr (or into the one there is).
        int headEnd;
        while ((headEnd = HeadEnd(buffer.AsSpan(0, length))) < 0)
        {
            if (length == buffer.Length || (read = await from.ReadAsync(buffer.AsMemory(length), ct)) == 0)
            {
                throw new InvalidDataException("A worksheet part without its <worksheet> start tag.");
            }

            length += read;
        }

        await to.WriteAsync(buffer.AsMemory(0, headEnd), ct);
        var (copy, insert, skip) = SheetProperties(buffer.AsSpan(headEnd, length - headEnd));
        await to.WriteAsync(buffer.AsMemory(headEnd, copy), ct);
        await to.WriteAsync(insert, ct);
        headEnd += copy + skip;

        // The body: everything up to the first element that follows the page setup, keeping back a marker's length less
        // one byte at each read, in case a marker straddles two reads.
        var keep = AfterPageSetup.Max(m => m.Length) - 1;
        Buffer.BlockCopy(buffer, headEnd, buffer, 0, length - headEnd);
        length -= headEnd;
        while (true)
        {
            var at = FirstMarker(buffer.AsSpan(0, length));
            if (at >= 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, at), ct);
                await to.WriteAsync(PageSetup, ct);
                await to.WriteAsync(buffer.AsMemory(at, length - at), ct);
                await from.CopyToAsync(to, ct);
                return;
            }

            if (length > keep)
            {
                await to.WriteAsync(buffer.AsMemory(0, length - keep), ct);
                Buffer.BlockCopy(buffer, length - keep, buffer, 0, keep);
                length = keep;
            }

            if ((read = await from.ReadAsync(buffer.AsMemory(length), ct)) == 0)
            {
                throw new InvalidDataException("A worksheet part without its </worksheet> end tag.");
            }

            length += read;
        }
    }

    /// <summary>
    /// Where "fit to page" goes: into the sheet's <c>sheetPr</c> if it has one (before its end tag, as its last child), or
    /// in a <c>sheetPr</c> of its own. Returns the bytes to copy first, what to insert, and the bytes the insertion replaces.
    /// </summary>
    private static (int Copy, byte[] Insert, int Skip) SheetProperties(ReadOnlySpan<byte> rest)
    {
        if (!rest.StartsWith("<sheetPr"u8))
        {
            return (0, [.. "<sheetPr>"u8, .. FitToPage, .. "</sheetPr>"u8], 0);
        }

        var tagEnd = rest.IndexOf((byte)'>');
        if (tagEnd > 0 && rest[tagEnd - 1] == (byte)'/')
        {
            return (tagEnd - 1, [.. ">"u8, .. FitToPage, .. "</sheetPr>"u8], 2); // <sheetPr .../> opens up
        }

        var close = rest.IndexOf("</sheetPr>"u8);
        return close > 0 ? (close, FitToPage, 0) : throw new InvalidDataException("A worksheet's sheetPr without its end tag.");
    }

    private static int HeadEnd(ReadOnlySpan<byte> xml)
    {
        var start = xml.IndexOf("<worksheet"u8);
        var end = start < 0 ? -1 : xml[start..].IndexOf((byte)'>');
        return end < 0 ? -1 : start + end + 1;
    }

    private static int FirstMarker(ReadOnlySpan<byte> xml)
    {
        var first = -1;
        foreach (var marker in AfterPageSetup)
        {
            var at = xml.IndexOf(marker);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        return first;
    }
}
