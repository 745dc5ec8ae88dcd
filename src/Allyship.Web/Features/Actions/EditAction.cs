using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>A mentor changes one of their own actions of the open week or the one before it.</summary>
public static class EditAction
{
    public sealed record Command(string MentorId, int ActionId, ActionInput Input);

    public enum Status
    {
        Saved,
        NotFound,
        Closed,
        Invalid,
    }

    public sealed record Result(Status Status, IReadOnlyList<FieldError> Errors);

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, ColleagueResolver colleagues, RollupRefresher rollups, NoteProtector notes)
    {
        /// <summary>The action and the rollups of the weeks it leaves and joins: one commit.</summary>
        public async Task<Result> HandleAsync(Command command, CancellationToken ct)
        {
            var result = await db.InTransactionAsync(async () =>
            {
                // Another mentor's action is simply not found: no hint that it exists.
                var action = await db.Actions.Include(a => a.Program)
                    .SingleOrDefaultAsync(a => a.Id == command.ActionId && a.MentorId == command.MentorId, ct);
                if (action is null)
                {
                    return new Result(Status.NotFound, []);
                }

                var program = action.Program;
                await db.LockProgramForActionsAsync(program.Id, ct);
                var today = calendar.Today(program);
                if (!ProgramCalendar.IsEditable(new PledgeWeek(action.WeekStart), PledgeWeek.Containing(today)))
                {
                    return new Result(Status.Closed, [new FieldError("", Text.Words["That week is closed: its actions are read-only."])]);
                }

                var input = command.Input;
                input.Minutes ??= program.Targets.DefaultMinutesFor(action.Kind);
                var errors = ActionRules.Validate(input, LoggableDays.For(program.StartDate, program.EndDate, today),
                    colleagueKnown: await colleagues.ExistsAsync(input.ColleagueId, ct, alreadyNamedId: action.ColleagueId));
                if (errors.Count == 0 && await colleagues.TypedUnavailableAsync(input, ct) is { } unavailable)
                {
                    errors.Add(new(nameof(input.NewColleagueEmail), unavailable));
                }

                if (errors.Count > 0)
                {
                    return new Result(Status.Invalid, errors);
                }

                var oldWeek = action.WeekStart;
                action.OccurredOn = input.OccurredOn!.Value;
                action.WeekStart = PledgeWeek.Containing(action.OccurredOn).Monday;
                action.Minutes = input.Minutes.Value;
                var previousColleagueId = action.ColleagueId;
                action.Colleague = await colleagues.ResolveAsync(input, ct);
                if (action.Colleague.Id != previousColleagueId)
                {
                    // What the previous colleague said was about her, not about whoever the action names now.
                    db.Confirmations.RemoveRange(await db.Confirmations.Where(c => c.ActionId == action.Id).ToListAsync(ct));
                }
                input.ApplyDetailsTo(action, notes);
                await colleagues.ApplyLeaderAsync(action, ct);
                await db.SaveChangesAsync(ct);
                await rollups.RefreshAsync(program, command.MentorId, [oldWeek, action.WeekStart], ct);
                return new Result(Status.Saved, []);
            }, ct, retryWhenBeatenTo: true);

            return result;
        }
    }
}
