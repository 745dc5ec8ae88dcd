using System.Text;

namespace Allyship.Web.Infrastructure.Csv;

/// <summary>One record of a CSV file and the line it starts on (1 = the header).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A small RFC 4180 reader for uploads: strict UTF-8 (a BOM is fine, anything else that is not UTF-8 is refused with a
/// sentence), quoted fields with doubled quotes and line breaks, CRLF or LF, fields separated by commas or by the
/// semicolons (or tabs) of the header line. Small enough to own; it reports the line number of every record so import
/// errors can point at it.
/// </summary>
public static class CsvText
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public sealed record Result(IReadOnlyList<CsvRecord> Records, string? Error)
    {
        /// <summary>What the file's fields are separated by: a comma, or what its header line says instead.</summary>
        public char Separator { get; init; } = ',';
    }

    public static async Task<Result> ReadAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return new([], Localisation.Text.Words["The file is larger than the limit of {0} MB. Split it into smaller files.", MaxBytes / (1024 * 1024)].Value);
            }
        }

        return Parse(buffer.ToArray());
    }

    public static Result Parse(byte[] bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return new([], Localisation.Text.Words["The file is larger than the limit of {0} MB. Split it into smaller files.", MaxBytes / (1024 * 1024)].Value);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new([], Localisation.Text.Words["The file is not UTF-8 text. In Excel choose “Save As” → “CSV UTF-8 (Comma delimited)” and upload that file."].Value);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return Parse(text);
    }

    public static Result Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = 0;
        var separator = SeparatorOf(text, out var skip);
        if (skip > 0)
        {
            i = skip;
            line = recordLine = 2;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    i++;
                    continue;
                }

                if (c == '\n')
                {
                    line++;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case var _ when c == separator:
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    AddRecord(records, recordLine, fields);
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            return new([], Localisation.Text.Words["Line {0} opens a quoted field that never closes. Check for a stray \" character.", recordLine].Value);
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            AddRecord(records, recordLine, fields);
        }

        return new(records, null) { Separator = separator };
    }

    /// <summary>
    /// The separator the header line uses: Excel in much of Europe saves "CSV" with semicolons, and some exports use
    /// tabs. The one found most often outside quotes in the first line wins, a comma on a tie; a first line
    /// <c>sep=;</c> (which Excel writes and reads) says it outright and is not a record (<paramref name="skip"/> is its length).
    /// </summary>
    private static char SeparatorOf(string text, out int skip)
    {
        skip = 0;
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var first = (end < 0 ? text : text[..end]).TrimEnd('\r');
        if (first.Length == 5 && first.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && first[4] is ',' or ';' or '\t' or '|' && end >= 0)
        {
            skip = end + 1;
            return first[4];
        }

        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in first)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    commas++;
                    break;
                case ';' when !quoted:
                    semicolons++;
                    break;
                case '\t' when !quoted:
                    tabs++;
                    break;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    private static void AddRecord(List<CsvRecord> records, int line, List<string> fields)
    {
        // Blank lines carry nothing: skip them rather than report empty rows.
        if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
        {
            return;
        }

        records.Add(new CsvRecord(line, fields.Select(f => f.Trim()).ToList()));
    }
}
