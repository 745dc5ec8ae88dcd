using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>A program's mentors: list, pause until a date, resume, remove.</summary>
public static class ManageEnrolments
{
    public sealed record Row(int EnrolmentId, string Name, string Email, string? Department, EnrolmentStatus Status, DateOnly? PausedUntil, DateOnly? LastAction);

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, ProgramCalendar calendar)
    {
        public Task<List<Row>> ListAsync(int programId, CancellationToken ct) =>
            db.Enrolments.AsNoTracking()
                .Where(e => e.ProgramId == programId)
                .OrderBy(e => e.Status == EnrolmentStatus.Left).ThenBy(e => e.Mentor.DisplayName)
                .Select(e => new Row(e.Id, e.Mentor.DisplayName, e.Mentor.Email ?? "", e.Mentor.Department, e.Status, e.PausedUntil,
                    db.Actions.Where(a => a.ProgramId == programId && a.MentorId == e.MentorId).Max(a => (DateOnly?)a.OccurredOn)))
                .ToListAsync(ct);

        public async Task<List<FieldError>> PauseAsync(ClaimsPrincipal actor, int programId, int enrolmentId, DateOnly? until, CancellationToken ct)
        {
            var e = await db.Enrolments.Include(x => x.Program).Include(x => x.Pauses).Include(x => x.Mentor)
                .SingleOrDefaultAsync(x => x.Id == enrolmentId && x.ProgramId == programId, ct);
            if (e is null)
            {
                return [new("", "That mentor is not in this program.")];
            }

            var today = calendar.Today(e.Program);
            if (until is not { } last || last < today)
            {
                return [new("PauseUntil", "Enter the last day of the pause: today or later.")];
            }

            e.Pause(today, last);
            audit.Record(actor, "enrolment.pause", e.Mentor.Email ?? e.MentorId, $"program \"{e.Program.Name}\" until {last:yyyy-MM-dd}");
            await db.SaveChangesAsync(ct);
            return [];
        }

        public async Task<bool> SetStatusAsync(ClaimsPrincipal actor, int programId, int enrolmentId, EnrolmentStatus status, CancellationToken ct)
        {
            var e = await db.Enrolments.Include(x => x.Program).Include(x => x.Pauses).Include(x => x.Mentor)
                .SingleOrDefaultAsync(x => x.Id == enrolmentId && x.ProgramId == programId, ct);
            if (e is null)
            {
                return false;
            }

            e.EndPause(calendar.Today(e.Program), status);
            audit.Record(actor, status == EnrolmentStatus.Left ? "enrolment.remove" : "enrolment.resume", e.Mentor.Email ?? e.MentorId, $"program \"{e.Program.Name}\"");
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
