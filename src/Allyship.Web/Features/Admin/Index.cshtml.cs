using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin;

/// <summary>The program admin's start page: every program with its numbers at a glance.</summary>
public sealed class IndexModel(AllyshipDbContext db) : AdminPageModel
{
    public sealed record Row(int Id, string Name, string TimeZoneId, DateOnly StartDate, DateOnly? EndDate, int Mentors, bool Archived);

    public IReadOnlyList<Row> Programs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Programs = await db.Programs.AsNoTracking()
            .OrderBy(p => p.ArchivedUtc != null).ThenBy(p => p.Name)
            .Select(p => new Row(p.Id, p.Name, p.TimeZoneId, p.StartDate, p.EndDate,
                p.Enrolments.Count(e => e.Status != EnrolmentStatus.Left), p.ArchivedUtc != null))
            .ToListAsync(ct);
}
