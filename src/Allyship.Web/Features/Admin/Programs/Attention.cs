using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>
/// What needs the admin this week (issue 36), for the top of the dashboard: beside the lapsed mentors and overlooked
/// colleagues the dashboard already counts, the concerns nobody has taken on yet (new) and the actions a colleague said didn't happen.
/// </summary>
public static class Attention
{
    /// <summary>Rows per card: enough to act on at once, few enough that a phone shows the headline soon after.</summary>
    public const int Shown = 2;

    /// <summary>An action its colleague said didn't happen: who logged what, when, with whom, and her words if she shared them.</summary>
    public sealed record DidNotHappen(int ActionId, string Mentor, ActionKind Kind, DateOnly On, string Colleague, string? Comment);

    public sealed record Model(int UnreadConcerns, IReadOnlyList<DidNotHappen> DidNotHappenShown, int DidNotHappenCount, IReadOnlyDictionary<int, string> Suggested);

    public sealed class Handler(AllyshipDbContext db, SuggestColleague.Handler suggestions)
    {
        public async Task<Model> LoadAsync(int programId, DateOnly firstMonday, DateOnly lastMonday, IReadOnlyCollection<int> overlooked, CancellationToken ct)
        {
            var unread = await db.Concerns.CountAsync(c => c.State == ConcernState.New, ct);
            var said = db.Confirmations.AsNoTracking().Where(c => c.Answer == ConfirmationAnswer.DidNotHappen)
                .Where(c => c.Action.ProgramId == programId && c.Action.WeekStart >= firstMonday && c.Action.WeekStart <= lastMonday);
            var count = await said.CountAsync(ct);
            var rows = await said.OrderByDescending(c => c.AnsweredUtc).Take(Shown)
                .Select(c => new
                {
                    c.ActionId, Mentor = db.Users.Where(u => u.Id == c.Action.MentorId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault(),
                    c.Action.Kind, c.Action.OccurredOn, c.Action.Colleague, Comment = c.CommentShared ? c.Comment : null,
                })
                .ToListAsync(ct);
            var shown = rows.Select(r => new DidNotHappen(r.ActionId, r.Mentor ?? "A mentor", r.Kind, r.OccurredOn, r.Colleague.NameFor(viewerLoggedIt: false), r.Comment)).ToList();
            return new Model(unread, shown, count, await suggestions.SuggestedAsync(programId, overlooked, ct));
        }
    }
}
