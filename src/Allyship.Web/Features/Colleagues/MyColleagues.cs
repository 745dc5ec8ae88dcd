using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Colleagues;

/// <summary>Everyone a mentor has supported in a program, with the last time of each kind of action.</summary>
public static class MyColleagues
{
    public sealed record Row(int ColleagueId, string Name, string? Department, DateOnly? LastCoffee, DateOnly? LastShoutOut,
        DateOnly? LastSponsorNote, int Actions)
    {
        public DateOnly? LastAny => new[] { LastCoffee, LastShoutOut, LastSponsorNote }.Max();
    }

    public sealed class Handler(AllyshipDbContext db)
    {
        public async Task<List<Row>> HandleAsync(string mentorId, int programId, CancellationToken ct)
        {
            var rows = await db.Actions.AsNoTracking()
                .Where(a => a.MentorId == mentorId && a.ProgramId == programId)
                .GroupBy(a => new { a.ColleagueId, a.Colleague.Name, a.Colleague.Department })
                .Select(g => new Row(
                    g.Key.ColleagueId,
                    g.Key.Name,
                    g.Key.Department,
                    g.Where(a => a.Kind == ActionKind.Coffee).Max(a => (DateOnly?)a.OccurredOn),
                    g.Where(a => a.Kind == ActionKind.ShoutOut).Max(a => (DateOnly?)a.OccurredOn),
                    g.Where(a => a.Kind == ActionKind.SponsorNote).Max(a => (DateOnly?)a.OccurredOn),
                    g.Count()))
                .ToListAsync(ct);
            // The colleagues she chose to support and hasn't logged anything with yet: listed too, after the others.
            var logged = rows.Select(r => r.ColleagueId).ToList();
            var chosen = await db.ChosenColleagues.AsNoTracking()
                .Where(c => c.MentorId == mentorId && c.ProgramId == programId && !logged.Contains(c.ColleagueId))
                .Where(c => !c.Colleague.Email.EndsWith("@" + Colleague.ErasedDomain))
                .Select(c => new Row(c.ColleagueId, c.Colleague.Name, c.Colleague.Department, null, null, null, 0))
                .ToListAsync(ct);
            return rows.OrderByDescending(r => r.LastAny).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
                .Concat(chosen.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)).ToList();
        }
    }
}
