using System.Globalization;
using System.Text;
using SpreadCheetah;

namespace Allyship.Web.Features.Reports;

/// <summary>Where an export's rows go: a CSV file or one worksheet of a workbook. Cells are text or whole numbers.</summary>
public interface ISheetSink
{
    Task StartSheetAsync(string name, IReadOnlyList<string> header, CancellationToken ct);

    Task RowAsync(IReadOnlyList<object?> cells, CancellationToken ct);
}

public static class SafeText
{
    /// <summary>
    /// For CSV: text that a spreadsheet would read as a formula (=, +, -, @ first) or that starts with a control character
    /// (tab, carriage return, NUL…) gets a leading apostrophe, so a colleague named <c>=HYPERLINK("x")</c> stays text.
    /// In XLSX every string is a text cell already, which cannot run: it is written as it is.
    /// </summary>
    public static string Of(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value[0] is '=' or '+' or '-' or '@' || char.IsControl(value[0]) ? "'" + value.Replace("\0", "", StringComparison.Ordinal) : value;
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

            await _writer.WriteAsync(Field(cells[i]).AsMemory(), ct);
        }

        await _writer.WriteAsync("\r\n".AsMemory(), ct);
    }

    public static string Field(object? cell)
    {
        var text = cell switch
        {
            null => "",
            int n => n.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("0.0", CultureInfo.InvariantCulture),
            _ => SafeText.Of(cell.ToString()),
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}

/// <summary>XLSX through SpreadCheetah, which streams each row to the output: strings are always text cells, never formulas.</summary>
public sealed class XlsxSink : ISheetSink, IAsyncDisposable
{
    private readonly Spreadsheet _spreadsheet;

    private XlsxSink(Spreadsheet spreadsheet) => _spreadsheet = spreadsheet;

    public static async Task<XlsxSink> CreateAsync(Stream stream, CancellationToken ct) =>
        new(await Spreadsheet.CreateNewAsync(stream, cancellationToken: ct));

    public async Task StartSheetAsync(string name, IReadOnlyList<string> header, CancellationToken ct)
    {
        await _spreadsheet.StartWorksheetAsync(name, token: ct);
        await _spreadsheet.AddRowAsync(header.Select(h => new DataCell(h)).ToArray(), ct);
    }

    public async Task RowAsync(IReadOnlyList<object?> cells, CancellationToken ct) =>
        await _spreadsheet.AddRowAsync(cells.Select(c => c switch
        {
            null => new DataCell(""),
            int n => new DataCell(n),
            double d => new DataCell(Math.Round(d, 1)),
            _ => new DataCell(c.ToString() ?? ""), // an inline string cell: never a formula, whatever it starts with
        }).ToArray(), ct);

    public async Task FinishAsync(CancellationToken ct) => await _spreadsheet.FinishAsync(ct);

    public ValueTask DisposeAsync() => _spreadsheet.DisposeAsync();
}
