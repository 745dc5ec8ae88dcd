using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Rollups;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>A mentor logs one coffee, shout-out or sponsor note.</summary>
public static class LogAction
{
    public sealed record Command(string MentorId, ActionInput Input);

    public sealed record Result(int? ActionId, IReadOnlyList<FieldError> Errors)
    {
        public bool Succeeded => ActionId is not null;
    }

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, ColleagueResolver colleagues, RollupRefresher rollups)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken ct)
        {
            var input = command.Input;
            if (!ActionKinds.TryParse(input.Kind, out var kind))
            {
                return Fail(nameof(input.Kind), "Choose coffee, shout-out or sponsor note.");
            }

            var program = await db.Enrolments.AsNoTracking()
                .Where(e => e.MentorId == command.MentorId && e.ProgramId == input.ProgramId && e.Status != EnrolmentStatus.Left)
                .Select(e => e.Program)
                .SingleOrDefaultAsync(ct);
            if (program is null)
            {
                return Fail(nameof(input.ProgramId), "You are not enrolled in that program. Choose one of your programs.");
            }

            input.Minutes ??= program.Targets.DefaultMinutesFor(kind);
            var today = calendar.Today(program);
            var errors = ActionRules.Validate(input, new ProgramFacts(program.StartDate, program.EndDate, program.Targets), today,
                colleagueKnown: await colleagues.ExistsAsync(input.ColleagueId, ct));
            if (errors.Count > 0)
            {
                return new Result(null, errors);
            }

            var action = new PledgeAction
            {
                Kind = kind,
                ProgramId = program.Id,
                MentorId = command.MentorId,
                OccurredOn = input.OccurredOn!.Value,
                WeekStart = PledgeWeek.Containing(input.OccurredOn.Value).Monday,
                Minutes = input.Minutes.Value,
                Colleague = await colleagues.ResolveAsync(input, ct),
            };
            input.ApplyDetailsTo(action);
            db.Actions.Add(action);
            await db.SaveChangesAsync(ct);
            await rollups.RefreshAsync(program.Id, command.MentorId, [action.WeekStart], ct);
            return new Result(action.Id, []);
        }

        private static Result Fail(string field, string message) => new(null, [new FieldError(field, message)]);
    }
}
