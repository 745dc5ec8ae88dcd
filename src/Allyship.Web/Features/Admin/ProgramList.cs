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
            (await db.Programs.AsNoTracking()
                .OrderByDescending(PledgeProgram.Live).ThenBy(p => p.Name)
                .Select(p => new { Program = p, Mentors = p.Enrolments.AsQueryable().Count(Enrolment.InProgram) })
                .ToListAsync(ct))
            .Select(x => new Row(x.Program.Id, x.Program.Name, x.Program.TimeZoneId, x.Program.StartDate, x.Program.EndDate, x.Mentors, !x.Program.IsLive))
            .ToList();
    }
}
