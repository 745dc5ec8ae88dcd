using Allyship.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>HR's record of every report download.</summary>
public sealed class DownloadsModel(AllyshipDbContext db) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await db.AuditLog.AsNoTracking().Where(a => a.Action == "report.download").OrderByDescending(a => a.Id).Take(500).ToListAsync(ct);
}
