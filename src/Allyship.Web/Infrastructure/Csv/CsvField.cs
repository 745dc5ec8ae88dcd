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
    /// <summary>
    /// What a spreadsheet may split a line on: the comma, and where the system's list separator says so (much of Europe)
    /// the semicolon; a tab or a bar when someone imports it by hand.
    /// </summary>
    private static readonly char[] Separators = [',', ';', '\t', '|'];

    public static string Of(object? cell)
    {
        var text = cell switch
        {
            null => "",
            int n => n.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("0.0", CultureInfo.InvariantCulture),
            _ => NeutraliseAfterSeparators(SafeText.Of(cell.ToString())),
        };
        return text.IndexOfAny([.. Separators, '"', '\r', '\n']) >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    /// <summary>
    /// "Eng;=1+2" is one quoted field here, but a reader that splits on ";" and ignores quotes would start a cell with
    /// "=1+2": a formula character right after any separator (spaces between allowed) gets the same apostrophe as a
    /// field's first character.
    /// </summary>
    private static string NeutraliseAfterSeparators(string text)
    {
        if (text.IndexOfAny(Separators) < 0)
        {
            return text;
        }

        var safe = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            safe.Append(text[i]);
            if (Array.IndexOf(Separators, text[i]) < 0)
            {
                continue;
            }

            var next = i + 1;
            while (next < text.Length && text[next] == ' ')
            {
                safe.Append(' ');
                next++;
            }

            if (next < text.Length && text[next] is '=' or '+' or '-' or '@')
            {
                safe.Append('\'');
            }

            i = next - 1;
        }

        return safe.ToString();
    }

    /// <summary>A whole line of fields, without its line end.</summary>
    public static string Line(IEnumerable<object?> cells) => string.Join(',', cells.Select(Of));
}
