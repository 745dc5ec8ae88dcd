using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Week;

/// <summary>
/// Who a mentor could sponsor next: colleagues at the program's target levels with no shout-out and no sponsor note in
/// the last 12 weeks, from the mentor's own department first, never someone who stopped the emails or asked not to be
/// named; and, when all of the mentor's sponsor notes of the last 8 weeks went to one person, a word about widening the circle.
/// </summary>
public static class SponsorSuggestions
{
    public const int Shown = 5;
    public const int Weeks = 12;
    public const int SameColleagueWeeks = 8;

    /// <param name="FromTeam">The program team suggested her to this mentor from the dashboard: she comes first, and says so.</param>
    public sealed record Suggestion(int Id, string Name, string? Department, string? Level, bool FromTeam = false);

    public sealed record Model(IReadOnlyList<Suggestion> Colleagues, string? OnlySponsored)
    {
        public static readonly Model None = new([], null);

        public bool Any => Colleagues.Count > 0 || OnlySponsored is not null;
    }

    public sealed class Handler(AllyshipDbContext db, DataChanges changes)
    {
        public async Task<Model> LoadAsync(string mentorId, ProgramChoice program, PledgeWeek current, CancellationToken ct)
        {
            // The team's own suggestions to this mentor, until he gives her a shout-out or a sponsor note.
            var fromTeam = await db.TeamSuggestions.AsNoTracking().Where(t => t.MentorId == mentorId && t.ProgramId == program.Id)
                .Where(t => db.Colleagues.Where(Colleague.Pickable).Any(c => c.Id == t.ColleagueId))
                .Where(t => !db.Actions.Any(a => a.MentorId == mentorId && a.ProgramId == program.Id && a.ColleagueId == t.ColleagueId
                    && (a.Kind == ActionKind.ShoutOut || a.Kind == ActionKind.SponsorNote) && a.CreatedUtc >= t.SuggestedUtc))
                .OrderByDescending(t => t.SuggestedUtc)
                .Select(t => new Suggestion(t.ColleagueId, t.Colleague.Name, t.Colleague.Department, t.Colleague.Level, true))
                .Take(Shown).ToListAsync(ct);
            if (!program.SuggestsColleagues)
            {
                return fromTeam.Count == 0 ? Model.None : new Model(fromTeam, null);
            }

            // The program's candidates, shared by its mentors for a few minutes: one read of the last 12 weeks' sponsorship,
            // kept until the program's actions or the directory change.
            var candidates = await changes.GetOrReadAsync($"suggest:{program.Id}:{current.Monday:yyyy-MM-dd}",
                [.. DataChanges.ForProgram(program.Id), DataChanges.Of<Colleague>()], TimeSpan.FromMinutes(5), async () =>
                {
                    var from = current.Monday.AddDays(-7 * (Weeks - 1));
                    var sponsored = db.Actions.Where(a => a.ProgramId == program.Id && a.WeekStart >= from
                        && (a.Kind == ActionKind.ShoutOut || a.Kind == ActionKind.SponsorNote)).Select(a => a.ColleagueId);
                    var levels = new HashSet<string>(program.TargetLevels, StringComparer.OrdinalIgnoreCase);
                    return (await db.Colleagues.AsNoTracking().Where(Colleague.Pickable).Where(Colleague.Emailable).Where(c => !sponsored.Contains(c.Id))
                            .Select(c => new Suggestion(c.Id, c.Name, c.Department, c.Level)).ToListAsync(ct))
                        .Where(c => levels.Count == 0 || (c.Level is not null && levels.Contains(c.Level)))
                        .ToList();
                },
                list => Insights.LiveNumbers.ListBytes(list.Count, 160), ct);

            var department = await db.Users.Where(u => u.Id == mentorId).Select(u => u.Department).SingleOrDefaultAsync(ct);
            var shown = fromTeam.Concat(candidates.Where(c => !fromTeam.Any(t => t.Id == c.Id))
                .OrderByDescending(c => department is not null && string.Equals(c.Department, department, StringComparison.OrdinalIgnoreCase))
                .ThenBy(c => c.Name, StringComparer.CurrentCulture))
                .Take(Shown).ToList();

            // Eight weeks in a row, every sponsor note to the same one person?
            var since = current.Monday.AddDays(-7 * SameColleagueWeeks);
            var notes = await db.Actions.AsNoTracking()
                .Where(a => a.MentorId == mentorId && a.ProgramId == program.Id && a.Kind == ActionKind.SponsorNote && a.WeekStart >= since && a.WeekStart < current.Monday)
                .Select(a => new { a.WeekStart, a.ColleagueId, a.Colleague.Name }).ToListAsync(ct);
            var only = notes.Select(n => n.WeekStart).Distinct().Count() == SameColleagueWeeks && notes.Select(n => n.ColleagueId).Distinct().Count() == 1
                ? notes[0].Name
                : null;
            return new Model(shown, only);
        }
    }
}
