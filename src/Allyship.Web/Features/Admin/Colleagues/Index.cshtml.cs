using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>The colleague directory: search by name, email or department.</summary>
public sealed class IndexModel(AllyshipDbContext db) : AdminPageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Name, string Email, string? Department, string? Level);

    public string? Q { get; private set; }
    public int PageNumber { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(string? q, int page = 1, CancellationToken ct = default)
    {
        Q = q?.Trim();
        PageNumber = Math.Max(1, page);
        var query = db.Colleagues.AsNoTracking();
        if (!string.IsNullOrEmpty(Q))
        {
            query = query.Matching(db.Database, Q);
        }

        Total = await query.CountAsync(ct);
        Rows = await query.OrderBy(c => c.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(c => new Row(c.Id, c.Name, c.Email, c.Department, c.Level)).ToListAsync(ct);
    }
}
