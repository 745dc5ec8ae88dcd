using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Privacy;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>One of the mentor's own actions, read for its page or its edit form.</summary>
public static class ActionDetails
{
    public sealed record Model(
        int Id, ActionKind Kind, int ProgramId, string ProgramName, DateOnly OccurredOn, DateOnly WeekStart, int Minutes,
        int ColleagueId, string ColleagueName, string? Topics, string? PrivateNotes, string? Achievement, string? WhereGiven,
        string? SeniorLeader, string? Accomplishment, bool Editable,
        bool AskedToConfirm = false, ConfirmationAnswer? Answer = null, string? SharedComment = null, string? ChatProblem = null)
    {
        public string? ConfirmationState => AskedToConfirm ? Confirmation.StateLabel(Answer) : null;
    }

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, NoteProtector notes)
    {
        public async Task<Model?> HandleAsync(string mentorId, int actionId, CancellationToken ct)
        {
            var row = await db.Actions.AsNoTracking()
                .Where(a => a.Id == actionId && a.MentorId == mentorId)
                .Select(a => new
                {
                    a.Id, a.Kind, a.ProgramId, ProgramName = a.Program.Name, a.Program.TimeZoneId, a.OccurredOn, a.WeekStart,
                    a.Minutes, a.ColleagueId, ColleagueName = a.Colleague.Name, a.Topics, a.PrivateNotes, a.Achievement,
                    a.WhereGiven, a.SeniorLeader, a.Accomplishment, a.Program.AskColleaguesToConfirm,
                    Confirmation = db.Confirmations.Where(c => c.ActionId == a.Id).Select(c => new { c.Answer, c.Comment, c.CommentShared }).FirstOrDefault(),
                    Chat = db.ChatPosts.Where(p => p.ActionId == a.Id).Select(p => new { p.Status, p.Attempts }).FirstOrDefault(),
                    a.Program.ChatChannel,
                })
                .SingleOrDefaultAsync(ct);
            if (row is null)
            {
                return null;
            }

            var editable = ProgramCalendar.IsEditable(new PledgeWeek(row.WeekStart), calendar.CurrentWeek(row.TimeZoneId));
            return new Model(row.Id, row.Kind, row.ProgramId, row.ProgramName, row.OccurredOn, row.WeekStart, row.Minutes,
                row.ColleagueId, row.ColleagueName, row.Topics, notes.Unprotect(row.PrivateNotes), row.Achievement, row.WhereGiven,
                row.SeniorLeader, row.Accomplishment, editable,
                row.AskColleaguesToConfirm || row.Confirmation is not null, row.Confirmation?.Answer,
                row.Confirmation is { CommentShared: true } c ? c.Comment : null,
                Shared.ChatPostWords.ForMentor(row.Chat?.Status, row.Chat?.Attempts ?? 0, row.ChatChannel));
        }
    }
}
