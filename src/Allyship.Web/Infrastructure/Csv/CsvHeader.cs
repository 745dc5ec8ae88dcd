namespace Allyship.Web.Infrastructure.Csv;

/// <summary>
/// The first line of an import file, checked once for every import: known columns only, the required ones present, none
/// twice, and at most so many rows. Headers are matched loosely (case, spaces, <c>_</c> and <c>-</c>), with aliases.
/// </summary>
public sealed class CsvHeader
{
    private readonly List<string> _names;

    private CsvHeader(List<string> names) => _names = names;

    public int Count => _names.Count;

    public bool Has(string column) => _names.Contains(column);

    /// <summary>The record's value in the column, or null when the column is absent or the cell empty.</summary>
    public string? Field(CsvRecord record, string column)
    {
        var i = _names.IndexOf(column);
        return i >= 0 && i < record.Fields.Count && record.Fields[i].Length > 0 ? record.Fields[i] : null;
    }

    /// <summary>The sentence for a row with more fields than the header, or null.</summary>
    public string? ExtraFields(CsvRecord record) =>
        record.Fields.Count > Count ? Localisation.Text.Words["It has {0} fields but the header has {1}.", record.Fields.Count, Count].Value : null;

    /// <summary>Reads and checks the header; null with the file's errors when the file cannot be imported as a whole.</summary>
    public static (CsvHeader? Header, List<string> Errors) Read(CsvText.Result csv, IReadOnlyList<string> columns, IReadOnlyList<string> required, int maxRows,
        IReadOnlyDictionary<string, string>? aliases = null)
    {
        var list = string.Join(", ", columns);
        if (csv.Error is not null)
        {
            return (null, [csv.Error]);
        }

        if (csv.Records.Count == 0)
        {
            return (null, [Localisation.Text.Words["The file is empty. The first line must name the columns: {0}.", list].Value]);
        }

        var names = csv.Records[0].Fields.Select(h => Normalize(h, aliases)).ToList();
        var errors = new List<string>();
        foreach (var (name, index) in names.Select((h, i) => (h, i)))
        {
            if (!columns.Contains(name))
            {
                errors.Add(Localisation.Text.Words["Unknown column “{0}” in the header (line 1). The columns are: {1}.", csv.Records[0].Fields[index], list].Value);
            }
        }

        foreach (var column in required.Where(c => !names.Contains(c)))
        {
            errors.Add(Localisation.Text.Words["The header (line 1) has no “{0}” column.", column].Value);
        }

        if (names.Distinct().Count() != names.Count)
        {
            errors.Add(Localisation.Text.Words["A column appears twice in the header (line 1)."].Value);
        }

        if (csv.Records.Count - 1 > maxRows)
        {
            errors.Add(Localisation.Text.Words["The file has {0:N0} rows; the limit is {1:N0} per import.", csv.Records.Count - 1, maxRows].Value);
        }

        return errors.Count > 0 ? (null, errors) : (new CsvHeader(names), errors);
    }

    private static string Normalize(string header, IReadOnlyDictionary<string, string>? aliases)
    {
        var name = header.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
        return aliases is not null && aliases.TryGetValue(name, out var alias) ? alias : name;
    }
}
