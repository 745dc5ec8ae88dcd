using System.Text;
using Allyship.Web.Infrastructure.Csv;
using SpreadCheetah;

namespace Allyship.Web.Features.Reports;

/// <summary>Where an export's rows go: a CSV file or one worksheet of a workbook. Cells are text or whole numbers.</summary>
public interface ISheetSink
{
    Task StartSheetAsync(string name, IReadOnlyList<string> header, CancellationToken ct);

    Task RowAsync(IReadOnlyList<object?> cells, CancellationToken ct);
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

            await _writer.WriteAsync(CsvField.Of(cells[i]).AsMemory(), ct);
        }

        await _writer.WriteAsync("\r\n".AsMemory(), ct);
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
