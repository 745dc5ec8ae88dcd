using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>
/// An admin suggests an overlooked colleague to a mentor from the dashboard (issue 36): the program picks a mentor in her
/// department (else anyone in the program) who has the fewest open suggestions, then the fewest sponsor notes lately;
/// she comes first among that mentor's suggestions on This week. One commit with its audit entry.
/// </summary>
public static class SuggestColleague
{
    /// <summary>How far back "lately" looks when choosing between mentors.</summary>
    public const int RecentWeeks = 12;

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, TimeProvider clock)
    {
        /// <summary>Which overlooked colleagues of the program already went to a mentor, and to whom.</summary>
        public async Task<IReadOnlyDictionary<int, string>> SuggestedAsync(int programId, IReadOnlyCollection<int> colleagueIds, CancellationToken ct) =>
            (await db.TeamSuggestions.AsNoTracking().Where(s => s.ProgramId == programId && colleagueIds.Contains(s.ColleagueId))
                .Join(db.Users, s => s.MentorId, u => u.Id, (s, u) => new { s.ColleagueId, s.SuggestedUtc, Name = u.DisplayName ?? u.Email })
                .ToListAsync(ct))
            .GroupBy(s => s.ColleagueId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.SuggestedUtc).First().Name ?? "a mentor");

        /// <summary>The sentence the admin reads back: to whom she went, or why not.</summary>
        public async Task<string> SuggestAsync(ClaimsPrincipal actor, int programId, int colleagueId, CancellationToken ct)
        {
            var colleague = await db.Colleagues.AsNoTracking().Where(Colleague.Pickable).SingleOrDefaultAsync(c => c.Id == colleagueId, ct);
            if (colleague is null)
            {
                return Text.Words["That colleague can't be suggested: she is no longer in the directory, or asked not to be named."].Value;
            }

            // Once is enough: a second click (or a second admin) within the weeks she counts as overlooked finds the first suggestion.
            var now = clock.GetUtcNow().UtcDateTime;
            var earlier = await db.TeamSuggestions.AsNoTracking().Where(s => s.ProgramId == programId && s.ColleagueId == colleagueId && s.SuggestedUtc >= now.AddDays(-7 * RecentWeeks))
                .Join(db.Users, s => s.MentorId, u => u.Id, (s, u) => new { s.SuggestedUtc, Name = u.DisplayName ?? u.Email })
                .OrderByDescending(s => s.SuggestedUtc).FirstOrDefaultAsync(ct);
            if (earlier is not null)
            {
                return Text.Words["{0} was already suggested to {1} on {2:d MMMM}.", colleague.Name, earlier.Name ?? "", earlier.SuggestedUtc].Value;
            }

            var since = DateOnly.FromDateTime(now).AddDays(-7 * RecentWeeks);
            var mentors = await db.Enrolments.AsNoTracking().Where(Enrolment.InProgram).Where(e => e.ProgramId == programId)
                .Where(e => !db.TeamSuggestions.Any(s => s.ProgramId == programId && s.MentorId == e.MentorId && s.ColleagueId == colleagueId))
                .Select(e => new
                {
                    e.MentorId, Name = e.Mentor.DisplayName ?? e.Mentor.Email, e.Mentor.Department,
                    Open = db.TeamSuggestions.Count(s => s.ProgramId == programId && s.MentorId == e.MentorId),
                    Notes = db.Actions.Count(a => a.ProgramId == programId && a.MentorId == e.MentorId && a.Kind == ActionKind.SponsorNote && a.WeekStart >= since),
                })
                .ToListAsync(ct);
            if (mentors.Count == 0)
            {
                return Text.Words["Every mentor in the program already has {0} among their suggestions.", colleague.Name].Value;
            }

            var sameDepartment = mentors.Where(m => colleague.Department is not null && string.Equals(m.Department, colleague.Department, StringComparison.OrdinalIgnoreCase)).ToList();
            var chosen = (sameDepartment.Count > 0 ? sameDepartment : mentors)
                .OrderBy(m => m.Open).ThenBy(m => m.Notes).ThenBy(m => m.Name, StringComparer.CurrentCulture).First();
            try
            {
                await db.InTransactionAsync(async () =>
                {
                    db.TeamSuggestions.Add(new TeamSuggestion
                    {
                        ProgramId = programId, MentorId = chosen.MentorId, ColleagueId = colleagueId, SuggestedById = actor.UserId(),
                        SuggestedUtc = now,
                    });
                    audit.Record(actor, "colleague.suggest", colleague.Email, $"suggested to {chosen.Name} in program {programId}");
                    await db.SaveChangesAsync(ct);
                    return true;
                }, ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                return Text.Words["{0} was suggested to {1} a moment ago.", colleague.Name, chosen.Name ?? ""].Value;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            return sameDepartment.Count > 0
                ? Text.Words["Suggested {0} to {1} ({2}): she comes first among their suggestions on This week.", colleague.Name, chosen.Name ?? "", colleague.Department ?? ""].Value
                : Text.Words["Suggested {0} to {1} (nobody in her department is in the program): she comes first among their suggestions on This week.", colleague.Name, chosen.Name ?? ""].Value;
        }
    }
}
