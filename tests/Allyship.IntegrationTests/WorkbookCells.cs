using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Allyship.IntegrationTests;

/// <summary>
/// The cells of a downloaded workbook as its reader sees them: a number reads through its number format (0.692 under
/// 0.0% is 69.2, a date serial under yyyy-mm-dd is that day), text as it is.
/// </summary>
public sealed class WorkbookCells(WorkbookPart part)
{
    private readonly List<CellFormat> _formats = part.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToList() ?? [];
    private readonly List<Font> _fonts = part.WorkbookStylesPart?.Stylesheet.Fonts?.Elements<Font>().ToList() ?? [];
    private readonly Dictionary<uint, string> _codes = part.WorkbookStylesPart?.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
        .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
    private readonly List<string> _shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];

    public CellFormat FormatOf(Cell cell) => _formats[(int)(cell.StyleIndex?.Value ?? 0)];

    /// <summary>The number format's code, built-in ones included (ECMA-376 18.8.30).</summary>
    public string NumberFormat(Cell cell)
    {
        var id = FormatOf(cell).NumberFormatId?.Value ?? 0;
        return _codes.TryGetValue(id, out var code) ? code : id switch
        {
            0 => "General",
            9 => "0%",
            10 => "0.00%",
            14 => "mm-dd-yy",
            _ => $"built-in {id}",
        };
    }

    public bool IsBold(Cell cell) => _fonts[(int)(FormatOf(cell).FontId?.Value ?? 0)].Bold is { } bold && (bold.Val?.Value ?? true);

    public static bool IsNumber(Cell cell) => cell.DataType is null || cell.DataType.Value == CellValues.Number;

    public string Shown(Cell cell)
    {
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return _shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)];
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (!IsNumber(cell) || cell.CellValue is null)
        {
            return cell.CellValue?.Text ?? "";
        }

        var value = double.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture);
        var code = NumberFormat(cell);
        if (code.EndsWith('%'))
        {
            var decimals = code.Contains('.', StringComparison.Ordinal) ? code.Length - code.IndexOf('.', StringComparison.Ordinal) - 2 : 0;
            return Math.Round(value * 100, decimals).ToString(CultureInfo.InvariantCulture);
        }

        return code.Contains("yy", StringComparison.Ordinal)
            ? DateTime.FromOADate(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : cell.CellValue.Text;
    }
}
