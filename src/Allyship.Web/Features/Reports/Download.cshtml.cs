using Allyship.Web.Features.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// Streams one export straight to the response (no file is built in memory, writes are asynchronous), then records
/// the download in the audit log: who, when, quarter, programs, sheet and row count.
/// </summary>
public sealed class DownloadModel(ReportScope scopes, ReportExport export, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? quarter, string? program, string? format, string? sheet, CancellationToken ct)
    {
        var (scope, error) = await scopes.ResolveAsync(quarter, program, ct);
        format = (format ?? "xlsx").ToLowerInvariant();
        sheet = sheet?.ToLowerInvariant();
        if (scope is null || format is not ("xlsx" or "csv") || (format == "csv" && !ReportExport.Sheets.Contains(sheet)))
        {
            return BadRequest(error ?? $"Choose format=xlsx, or format=csv with sheet={string.Join(", ", ReportExport.Sheets)}.");
        }

        var scopeName = scope.ProgramIds.Count == 1 && scope.ProgramsLabel != "All programs" ? $"program-{scope.ProgramIds[0]}" : "all-programs";
        var fileName = format == "xlsx" ? $"allyship-{scope.Quarter.Key}-{scopeName}.xlsx" : $"allyship-{scope.Quarter.Key}-{scopeName}-{sheet}.csv";
        Response.ContentType = format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

        var rows = 0;
        var body = new PipeBodyStream(Response.BodyWriter);
        if (format == "xlsx")
        {
            await using (var sink = await XlsxSink.CreateAsync(body, ct))
            {
                rows = await export.WriteWorkbookAsync(sink, scope, scopes.MinGroupSize, ct);

                await sink.FinishAsync(ct);
            }
        }
        else
        {
            await using var sink = new CsvSink(body);
            rows = await export.WriteAsync(sink, sheet!, scope, scopes.MinGroupSize, ct);
        }

        await body.FlushAsync(ct);

        await audit.SaveAsync(User, "report.download", fileName, $"{scope.Quarter.Key}; {scope.ProgramsLabel}; {(format == "xlsx" ? "workbook" : sheet)}; {rows} rows", CancellationToken.None);
        return new EmptyResult();
    }
}
