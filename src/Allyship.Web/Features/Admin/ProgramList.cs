using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin;

/// <summary>Every program with its number of mentors, active ones first.</summary>
public static class ProgramList
{
    public sealed record Row(int Id, string Name, string TimeZoneId, DateOnly StartDate, DateOnly? EndDate, int Mentors, bool Archived);

    public sealed class Handler(AllyshipDbContext db)
    {
        public async Task<IReadOnlyList<Row>> ListAsync(CancellationToken ct) =>
            await db.Programs.AsNoTracking()
                .OrderBy(p => p.ArchivedUtc != null).ThenBy(p => p.Name)
                .Select(p => new Row(p.Id, p.Name, p.TimeZoneId, p.StartDate, p.EndDate,
                    p.Enrolments.AsQueryable().Count(Enrolment.InProgram), p.ArchivedUtc != null))
                .ToListAsync(ct);
    }
}
