using System.Globalization;
using System.Text;
using Allyship.Web.Infrastructure.Csv;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Tables;
using SpreadCheetah.Worksheets;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// Where an export's rows go: a CSV file or one worksheet of a workbook. Cells are text, whole numbers, one-decimal
/// numbers (<see cref="double"/>), dates (<see cref="DateOnly"/>), <see cref="Percent"/> and <see cref="Fixed"/>: the type
/// tells the workbook how to format a value, while the CSV writes the same text it always has.
/// </summary>
public interface ISheetSink
{
    Task StartSheetAsync(string name, IReadOnlyList<string> header, CancellationToken ct);

    Task RowAsync(IReadOnlyList<object?> cells, CancellationToken ct);
}

/// <summary>
/// A share as percentage points, as the pages show it (69.2, or 69 with no decimals): the CSV writes the points, the
/// workbook the fraction (0.692) formatted as a percentage, so a spreadsheet sums, sorts and charts it as a number.
/// </summary>
public readonly record struct Percent(double Points, int Decimals)
{
    /// <summary>A rate (0 to 1) in points to one decimal, rounded as the report has always rounded it.</summary>
    public static Percent OfRate(double rate) => new(Math.Round(rate * 100, 1), 1);

    /// <summary>Whole points already rounded by their owner (<see cref="Insights.VoiceNumbers.Points"/>).</summary>
    public static Percent Whole(int points) => new(points, 0);
}

/// <summary>A number with a fixed count of decimals (a Gini coefficient, 0.37): the same digits in the CSV and the workbook.</summary>
public readonly record struct Fixed(double Value, int Decimals)
{
    public string Format => Decimals == 0 ? "0" : "0." + new string('0', Decimals);

    public string Text => Value.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>RFC 4180 CSV in UTF-8 with a BOM (so Excel reads the accents), CRLF line ends, asynchronous writes only.</summary>
public sealed class CsvSink(Stream stream) : ISheetSink, IAsyncDisposable
{
    private readonly StreamWriter _writer = new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
    private bool _started;

    public async Task StartSheetAsync(string name, IReadOnlyList<string> header, CancellationToken ct)
    {
        if (!_started)
        {
            await _writer.WriteAsync("\uFEFF".AsMemory(), ct);
            _started = true;
        }

        await RowAsync(header, ct);
    }

    public async Task RowAsync(IReadOnlyList<object?> cells, CancellationToken ct)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                await _writer.WriteAsync(",".AsMemory(), ct);
            }

            await _writer.WriteAsync(CsvField.Of(AsText(cells[i])).AsMemory(), ct);
        }

        await _writer.WriteAsync("\r\n".AsMemory(), ct);
    }

    /// <summary>A typed cell as the CSV has always written it: percentage points, ISO dates, a fixed count of decimals.</summary>
    private static object? AsText(object? cell) => cell switch
    {
        Percent { Decimals: 0 } p => (int)p.Points,
        Percent p => p.Points,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Fixed f => f.Text,
        _ => cell,
    };

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}

/// <summary>
/// XLSX through SpreadCheetah, which streams each row into the compressed archive: strings are always text cells, never
/// formulas. Each sheet is a filterable table under a bold header row that stays in view, with columns as wide as their
/// content. The archive (about 45 bytes a mentor) is then copied to the output with the print setup SpreadCheetah cannot
/// write (<see cref="WorkbookPrint"/>): landscape, one page wide, the header on every page.
/// </summary>
public sealed class XlsxSink : ISheetSink, IAsyncDisposable
{
    /// <summary>
    /// SpreadCheetah needs a sheet's column widths before its first row. Widths come from the header and the first rows,
    /// held back until this many have come (or the sheet ends): enough to see the long names and departments of a Mentors
    /// sheet sorted by name, while memory stays flat (at most this many rows, not the sheet's 10,000). A width known per
    /// column in advance would guess wrong for a company's own names, departments and program names.
    /// </summary>
    public const int MeasuredRows = 200;

    /// <summary>The widest a column gets, in characters; longer text (a definition, a note) wraps instead.</summary>
    public const double MaxWidth = 60;

    private readonly Spreadsheet _spreadsheet;
    private readonly MemoryStream _archive;
    private readonly Stream _output;
    private readonly StyleId _header;
    private readonly StyleId _oneDecimal;
    private readonly StyleId _percent;
    private readonly StyleId _wholePercent;
    private readonly StyleId _date;
    private readonly StyleId _wrap;
    private readonly Dictionary<string, StyleId> _fixed = new(StringComparer.Ordinal);
    private Pending? _pending;

    private XlsxSink(Spreadsheet spreadsheet, MemoryStream archive, Stream output)
    {
        _spreadsheet = spreadsheet;
        _archive = archive;
        _output = output;
        _header = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
        _oneDecimal = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("0.0") });
        _percent = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("0.0%") });
        _wholePercent = spreadsheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.Percent) });
        // ISO, as in the CSV and the file names: one reading in every locale, and it sorts as it reads.
        _date = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd") });
        _wrap = spreadsheet.AddStyle(new Style { Alignment = { WrapText = true, Vertical = VerticalAlignment.Top } });
    }

    public static async Task<XlsxSink> CreateAsync(Stream output, CancellationToken ct)
    {
        var archive = new MemoryStream();
        return new(await Spreadsheet.CreateNewAsync(archive, cancellationToken: ct), archive, output);
    }

    public async Task StartSheetAsync(string name, IReadOnlyList<string> header, CancellationToken ct)
    {
        await WritePendingAsync(ct);
        _pending = new Pending(name, header);
    }

    public async Task RowAsync(IReadOnlyList<object?> cells, CancellationToken ct)
    {
        var row = new Cell[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            row[i] = CellOf(cells[i]);
        }

        if (_pending is null)
        {
            await _spreadsheet.AddRowAsync(row, ct);
            return;
        }

        _pending.Measure(cells);
        _pending.Rows.Add(row);
        if (_pending.Rows.Count == MeasuredRows)
        {
            await WritePendingAsync(ct);
        }
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        await WritePendingAsync(ct);
        await _spreadsheet.FinishAsync(ct);
        _archive.Position = 0;
        await WorkbookPrint.CopyAsync(_archive, _output, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _spreadsheet.DisposeAsync();
        await _archive.DisposeAsync();
    }

    /// <summary>Starts the sheet held back, now that its widths are known, and writes its header and first rows.</summary>
    private async Task WritePendingAsync(CancellationToken ct)
    {
        if (_pending is not { } sheet)
        {
            return;
        }

        _pending = null;
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < sheet.Widths.Length; i++)
        {
            options.Column(i + 1).Width = Math.Min(MaxWidth, sheet.Widths[i]);
        }

        // A table's filter covers every row it ends up with, which a streamed sheet does not know at its start; a table
        // needs a data row, so an empty sheet gets a plain filter on its header.
        if (sheet.Rows.Count == 0)
        {
            options.AutoFilter = new AutoFilterOptions($"A1:{ColumnName(sheet.Header.Count)}1");
        }

        await _spreadsheet.StartWorksheetAsync(sheet.Name, options, ct);
        if (sheet.Rows.Count > 0)
        {
            // No table style: the bold header, the filter buttons and plain rows look the same in Excel and LibreOffice.
            _spreadsheet.StartTable(new Table(TableStyle.None, TableName(sheet.Name)));
        }

        await _spreadsheet.AddHeaderRowAsync(sheet.Header.ToArray(), _header, ct);
        foreach (var row in sheet.Rows)
        {
            await _spreadsheet.AddRowAsync(row, ct);
        }
    }

    private Cell CellOf(object? cell) => cell switch
    {
        null => new Cell(""),
        int n => new Cell(n),
        double d => new Cell(Math.Round(d, 1), _oneDecimal),
        Percent p => new Cell(Math.Round(p.Points / 100, p.Decimals + 2), p.Decimals == 0 ? _wholePercent : _percent),
        DateOnly d => new Cell(d.ToDateTime(TimeOnly.MinValue), _date),
        Fixed f => new Cell(double.Parse(f.Text, CultureInfo.InvariantCulture), FixedStyle(f.Format)), // the CSV's digits, not more
        string s when s.Length > MaxWidth => new Cell(s, _wrap),
        _ => new Cell(cell.ToString() ?? ""), // an inline string cell: never a formula, whatever it starts with
    };

    private StyleId FixedStyle(string format)
    {
        if (!_fixed.TryGetValue(format, out var style))
        {
            _fixed[format] = style = _spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom(format) });
        }

        return style;
    }

    /// <summary>A table name from a sheet name (ours, in <see cref="ReportExport"/>): letters and digits only.</summary>
    private static string TableName(string sheet) => new(sheet.Where(char.IsAsciiLetterOrDigit).ToArray());

    private static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26)
        {
            name = (char)('A' + ((number - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>A sheet not started yet: its header, its first rows and the widest text seen in each column.</summary>
    private sealed class Pending
    {
        public Pending(string name, IReadOnlyList<string> header)
        {
            Name = name;
            Header = header;
            // Bold text is about a tenth wider, and the filter button takes two characters' room.
            Widths = header.Select(h => (h.Length * 1.1) + 3).ToArray();
        }

        public string Name { get; }

        public IReadOnlyList<string> Header { get; }

        public double[] Widths { get; }

        public List<Cell[]> Rows { get; } = [];

        public void Measure(IReadOnlyList<object?> cells)
        {
            for (var i = 0; i < cells.Count && i < Widths.Length; i++)
            {
                Widths[i] = Math.Max(Widths[i], Shown(cells[i]).Length + 2);
            }
        }

        /// <summary>The cell as a spreadsheet shows it, near enough to size its column.</summary>
        private static string Shown(object? cell) => cell switch
        {
            null => "",
            int n => n.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("0.0", CultureInfo.InvariantCulture),
            Percent p => p.Points.ToString(p.Decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%",
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Fixed f => f.Text,
            _ => cell.ToString() ?? "",
        };
    }
}
