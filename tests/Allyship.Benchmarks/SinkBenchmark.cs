using System.Diagnostics;
using Allyship.Web.Features.Reports;
using SpreadCheetah;

/// <summary>
/// `sinks [rows] [runs]`: the export's writers alone, without the database: a Mentors-shaped sheet (12 columns, one of them
/// a percentage) of <c>rows</c> rows (default 10,000) through the CSV sink, the workbook sink, and a bare SpreadCheetah
/// sheet of unstyled cells (what the workbook sink wrote before it had styles, a table, widths and a frozen header).
/// Prints the median of <c>runs</c> (default 9), interleaved so a busy machine slows all three alike.
/// </summary>
internal static class SinkBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9;
        string[] header = ["Name", "Email", "Department", "Program", "Weeks enrolled", "Weeks complete", "Completion %",
            "Coffees", "Shout-outs", "Sponsor notes", "Minutes", "Distinct colleagues"];
        var data = Enumerable.Range(0, rows).Select(i => new object?[]
        {
            $"Mentor {i:D5} Lastname", $"mentor{i}@example.com", $"Department {i % 40}", "Pledge 2026", 13, i % 14,
            Percent.OfRate((i % 14) / 13.0), i % 5, i % 4, i % 3, 36 * (i % 14), i % 7,
        }).ToList();
        var times = new Dictionary<string, List<double>> { ["csv"] = [], ["xlsx"] = [], ["bare"] = [] };
        for (var run = 0; run <= runs; run++)
        {
            foreach (var what in times.Keys)
            {
                var watch = Stopwatch.StartNew();
                await WriteAsync(what, header, data);
                if (run > 0) // the first round is the warm-up (JIT)
                {
                    times[what].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        Bench.Report($"Mentors CSV, {rows:N0} rows", times["csv"], "");
        Bench.Report($"workbook sheet, {rows:N0} rows", times["xlsx"], "styles, table, widths, frozen header");
        Bench.Report($"bare SpreadCheetah sheet, {rows:N0} rows", times["bare"], "unstyled cells, as before");
        return 0;
    }

    private static async Task WriteAsync(string what, string[] header, List<object?[]> data)
    {
        await using var stream = new MemoryStream();
        switch (what)
        {
            case "csv":
                await using (var csv = new CsvSink(stream))
                {
                    await csv.StartSheetAsync("Mentors", header, CancellationToken.None);
                    foreach (var row in data)
                    {
                        await csv.RowAsync(row, CancellationToken.None);
                    }
                }

                break;
            case "xlsx":
                await using (var xlsx = await XlsxSink.CreateAsync(stream, CancellationToken.None))
                {
                    await xlsx.StartSheetAsync("Mentors", header, CancellationToken.None);
                    foreach (var row in data)
                    {
                        await xlsx.RowAsync(row, CancellationToken.None);
                    }

                    await xlsx.FinishAsync(CancellationToken.None);
                }

                break;
            default:
                await using (var bare = await Spreadsheet.CreateNewAsync(stream))
                {
                    await bare.StartWorksheetAsync("Mentors");
                    await bare.AddRowAsync(header.Select(h => new DataCell(h)).ToArray());
                    foreach (var row in data)
                    {
                        await bare.AddRowAsync(row.Select(c => c switch
                        {
                            int n => new DataCell(n),
                            Percent p => new DataCell(p.Points),
                            _ => new DataCell(c?.ToString() ?? ""),
                        }).ToArray());
                    }

                    await bare.FinishAsync();
                }

                break;
        }
    }
}
