using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>A mentor deletes one of their own actions of the open week or the one before it.</summary>
public static class DeleteAction
{
    public sealed record Command(string MentorId, int ActionId);

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, RollupRefresher rollups)
    {
        /// <summary>The deletion and the rollup of its week: one commit. Deleting what is already gone is "not found".</summary>
        public async Task<EditAction.Status> HandleAsync(Command command, CancellationToken ct)
        {
            var status = await db.InTransactionAsync(async () =>
            {
                var action = await db.Actions.Include(a => a.Program)
                    .SingleOrDefaultAsync(a => a.Id == command.ActionId && a.MentorId == command.MentorId, ct);
                if (action is null)
                {
                    return EditAction.Status.NotFound;
                }

                if (!ProgramCalendar.IsEditable(new PledgeWeek(action.WeekStart), calendar.CurrentWeek(action.Program)))
                {
                    return EditAction.Status.Closed;
                }

                await db.LockProgramForActionsAsync(action.ProgramId, ct);
                db.Actions.Remove(action);
                await db.SaveChangesAsync(ct);
                await rollups.RefreshAsync(action.Program, command.MentorId, [action.WeekStart], ct);
                return EditAction.Status.Saved;
            }, ct);

            return status;
        }
    }
}
