using System.Globalization;

namespace Allyship.Web.Infrastructure.Csv;

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

/// <summary>One RFC 4180 CSV field: numbers plainly, text made safe for spreadsheets and quoted when it must be.</summary>
public static class CsvField
{
    public static string Of(object? cell)
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

    /// <summary>A whole line of fields, without its line end.</summary>
    public static string Line(IEnumerable<object?> cells) => string.Join(',', cells.Select(Of));
}
