using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Audit;

/// <summary>Every admin change, newest first.</summary>
public sealed class IndexModel(AllyshipDbContext db) : AdminPageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public int PageNumber { get; private set; }
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(int page = 1, CancellationToken ct = default)
    {
        PageNumber = Math.Max(1, page);
        var entries = await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = entries.Count > PageSize;
        Entries = entries.Take(PageSize).ToList();
    }
}
