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

    /// <summary>A last coffee longer ago than this (or none) prompts "time for another?" on her page.</summary>
    public const int CoffeePromptWeeks = 6;

    /// <summary>One action on her timeline: what the mentor logged with her, in his own words (private notes stay on the action's page).</summary>
    public sealed record Entry(int ActionId, ActionKind Kind, DateOnly OccurredOn, int Minutes, string? Summary);

    /// <summary>Her page: who she is, everything this mentor logged with her, newest first, and the last of each kind.</summary>
    public sealed record Page(int ColleagueId, string Name, string? Department, string? Level, IReadOnlyList<Entry> Timeline)
    {
        public DateOnly? Last(ActionKind kind) => Timeline.FirstOrDefault(e => e.Kind == kind)?.OccurredOn;

        /// <summary>Whether to prompt for a coffee: none yet, or the last one more than <see cref="CoffeePromptWeeks"/> weeks before today.</summary>
        public bool CoffeeIsDue(DateOnly today) => Last(ActionKind.Coffee) is not { } last || today.DayNumber - last.DayNumber > CoffeePromptWeeks * 7;
    }

    public sealed class Handler(AllyshipDbContext db)
    {
        /// <summary>Her page for this mentor and program; null unless he has logged something with her or chose to support her.</summary>
        public async Task<Page?> PageAsync(string mentorId, int programId, int colleagueId, CancellationToken ct)
        {
            var colleague = await db.Colleagues.AsNoTracking().Where(Colleague.Present).Where(c => c.Id == colleagueId)
                .Select(c => new { c.Id, c.Name, c.Department, c.Level }).SingleOrDefaultAsync(ct);
            if (colleague is null)
            {
                return null;
            }

            var timeline = (await db.Actions.AsNoTracking()
                    .Where(a => a.MentorId == mentorId && a.ProgramId == programId && a.ColleagueId == colleagueId)
                    .OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id)
                    .Select(a => new { a.Id, a.Kind, a.OccurredOn, a.Minutes, a.Topics, a.Achievement, a.WhereGiven, a.SeniorLeader, a.Accomplishment })
                    .ToListAsync(ct))
                .Select(a => new Entry(a.Id, a.Kind, a.OccurredOn, a.Minutes, a.Kind switch
                {
                    ActionKind.Coffee => a.Topics,
                    ActionKind.ShoutOut => string.Join(" · ", new[] { a.Achievement, a.WhereGiven }.Where(t => !string.IsNullOrWhiteSpace(t))),
                    _ => string.Join(" · ", new[] { a.Accomplishment, a.SeniorLeader is null ? null : Infrastructure.Localisation.Text.Words["(told {0})", a.SeniorLeader].Value }.Where(t => !string.IsNullOrWhiteSpace(t))),
                }))
                .ToList();
            if (timeline.Count == 0 && !await db.ChosenColleagues.AnyAsync(c => c.MentorId == mentorId && c.ProgramId == programId && c.ColleagueId == colleagueId, ct))
            {
                return null;
            }

            return new Page(colleague.Id, colleague.Name, colleague.Department, colleague.Level, timeline);
        }

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
                .Where(Colleague.Present.Through((ChosenColleague c) => c.Colleague))
                .Select(c => new Row(c.ColleagueId, c.Colleague.Name, c.Colleague.Department, null, null, null, 0))
                .ToListAsync(ct);
            return rows.OrderByDescending(r => r.LastAny).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
                .Concat(chosen.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)).ToList();
        }
    }
}
