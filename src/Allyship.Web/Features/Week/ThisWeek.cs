using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Week;

/// <summary>The mentor's week: progress against the 36 minutes, the week's actions and the defaults for the log forms.</summary>
public static class ThisWeek
{
    public sealed record Query(string MentorId, ProgramChoice Program, DateOnly? Week);

    public sealed record Model(
        ProgramChoice Program,
        PledgeWeek Week,
        PledgeWeek CurrentWeek,
        DateOnly Today,
        WeekProgress Progress,
        bool Editable,
        DateOnly? PausedUntil,
        IReadOnlyList<ActionRow> Actions,
        IReadOnlyList<ActionRow> LastWeekActions,
        int CurrentStreak)
    {
        public bool IsPaused => PausedUntil is not null;
    }

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, MentorHistory.Loader histories)
    {
        /// <summary>The streak as it stood at the end of the week shown: a past week's page shows that week's, not today's.</summary>
        public static int StreakAsOf(MentorHistory history, PledgeWeek week, PledgeWeek current) =>
            week >= current
                ? history.Streak.Current
                : Streaks.Compute(history.Weeks.Where(w => w.Progress.Week <= week).OrderBy(w => w.Progress.Week).Select(w => w.State)).Current;

        public async Task<Model> HandleAsync(Query query, CancellationToken ct)
        {
            var program = query.Program;
            var today = calendar.Today(program.TimeZoneId);
            var current = PledgeWeek.Containing(today);
            // A week from the program's first to the open one; anything else (a typed address, 0001-01-01) shows the open week.
            var first = PledgeWeek.Containing(program.StartDate);
            var week = query.Week is { } requested && requested >= first.Monday && requested <= current.Sunday
                ? PledgeWeek.Containing(requested)
                : current;

            var mine = db.Actions.AsNoTracking().Where(a => a.MentorId == query.MentorId && a.ProgramId == program.Id);
            var rows = await mine
                .Where(a => a.WeekStart == week.Monday || a.WeekStart == week.Previous.Monday)
                .OrderBy(a => a.OccurredOn).ThenBy(a => a.Id)
                .Select(a => new
                {
                    a.WeekStart,
                    Row = new ActionRow(a.Id, a.Kind, a.OccurredOn, a.Minutes, a.Colleague.Name,
                        a.Kind == ActionKind.Coffee ? a.Topics : a.Kind == ActionKind.ShoutOut ? a.Achievement : a.Accomplishment,
                        db.Confirmations.Where(c => c.ActionId == a.Id).Select(c => c.Answer).FirstOrDefault(),
                        db.Confirmations.Where(c => c.ActionId == a.Id && c.CommentShared).Select(c => c.Comment).FirstOrDefault(),
                        program.AsksColleaguesToConfirm, a.SeniorLeader),
                    Chat = db.ChatPosts.Where(p => p.ActionId == a.Id && p.Status != ChatPostStatus.Sent).Select(p => new { p.Status, p.Attempts }).FirstOrDefault(),
                })
                .ToListAsync(ct);
            // A shout-out whose chat post went wrong says so, with what to do (issue 35).
            ActionRow WithChat(ActionRow row, ChatPostStatus? status, int attempts) =>
                status is null ? row : row with { ChatProblem = ChatPostWords.ForMentor(status, attempts, program.ChatChannel) };
            var thisWeek = rows.Where(r => r.WeekStart == week.Monday).Select(r => WithChat(r.Row, r.Chat?.Status, r.Chat?.Attempts ?? 0)).ToList();
            var lastWeek = rows.Where(r => r.WeekStart == week.Previous.Monday).Select(r => WithChat(r.Row, r.Chat?.Status, r.Chat?.Attempts ?? 0)).ToList();

            var history = await histories.LoadAsync(query.MentorId, program, current, ct);
            // A closed week is judged by its rollup, as History judges it; the open week (or one before the enrolment) live.
            var progress = WeekProgress.From(week, program.Targets, thisWeek.Select(a => (a.Kind, a.Minutes)))
                with { Closed = history.Weeks.FirstOrDefault(w => w.Progress.Week == week)?.Progress.Closed };

            return new Model(program, week, current, today, progress,
                ProgramCalendar.IsEditable(week, current), program.Enrolment.PauseOn(today)?.EndsOn, thisWeek,
                week == current ? lastWeek : [], StreakAsOf(history, week, current));
        }
    }
}
