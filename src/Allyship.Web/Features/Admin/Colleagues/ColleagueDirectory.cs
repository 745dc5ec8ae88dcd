using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>The colleague directory: search by name, email or department, a page at a time.</summary>
public static class ColleagueDirectory
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Name, string Email, string? Department, string? Level, bool EmailsStopped = false, bool NotNamed = false, bool IsLeader = false, bool HasLeft = false,
        bool Provisioned = false)
    {
        /// <summary>Her own choices, as the directory shows them; empty when she made none.</summary>
        public string Consent => (EmailsStopped, NotNamed) switch
        {
            (true, true) => "No emails · not named",
            (true, false) => "No emails",
            (false, true) => "Not named",
            _ => "",
        };
    }

    public sealed record Page(string? Q, int Number, int Total, IReadOnlyList<Row> Rows);

    public sealed class Handler(AllyshipDbContext db)
    {
        public async Task<Page> SearchAsync(string? q, int page, CancellationToken ct)
        {
            q = q?.Trim();
            page = Math.Max(1, page);
            var query = db.Colleagues.AsNoTracking().Where(Colleague.Present);
            if (!string.IsNullOrEmpty(q))
            {
                query = query.Matching(db.Database, q);
            }

            var total = await query.CountAsync(ct);
            var rows = (await query.OrderBy(c => c.Name).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct))
                .Select(c => new Row(c.Id, c.Name, c.Email, c.Department, c.Level, c.EmailsStopped, c.NotNamed, c.IsLeader, !c.IsStillHere, c.IsProvisioned)).ToList();
            return new Page(q, page, total, rows);
        }
    }
}
