using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>A program's mentors: list, pause until a date, resume, remove.</summary>
public static class ManageEnrolments
{
    /// <summary>One mentor of the program: left, paused until a day (derived from their pauses, today), or active.</summary>
    public sealed record Row(int EnrolmentId, string Name, string Email, string? Department, bool HasLeft, DateOnly? PausedUntil, DateOnly? LastAction)
    {
        public bool IsPaused => PausedUntil is not null;

        public bool IsActive => !HasLeft && !IsPaused;
    }

    public sealed record View(PledgeProgram Program, IReadOnlyList<Row> Rows);

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, ProgramCalendar calendar)
    {
        public async Task<View?> LoadAsync(int programId, CancellationToken ct)
        {
            var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, ct);
            if (program is null)
            {
                return null;
            }

            var today = calendar.Today(program);
            var enrolments = await db.Enrolments.AsNoTracking().Include(e => e.Pauses)
                .Where(e => e.ProgramId == programId)
                .Select(e => new
                {
                    Enrolment = e,
                    e.Mentor.DisplayName,
                    e.Mentor.Email,
                    e.Mentor.Department,
                    LastAction = db.Actions.Where(a => a.ProgramId == programId && a.MentorId == e.MentorId).Max(a => (DateOnly?)a.OccurredOn),
                })
                .ToListAsync(ct);
            var rows = enrolments
                .Select(x => new Row(x.Enrolment.Id, x.DisplayName, x.Email ?? "", x.Department, x.Enrolment.HasLeft, x.Enrolment.PauseOn(today)?.EndsOn, x.LastAction))
                .OrderBy(r => r.HasLeft).ThenBy(r => r.Name, StringComparer.CurrentCulture)
                .ToList();
            return new View(program, rows);
        }

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

        /// <summary>Resumes a paused mentor; the mentor's name, or null when there is no such enrolment.</summary>
        public Task<string?> ResumeAsync(ClaimsPrincipal actor, int programId, int enrolmentId, CancellationToken ct) =>
            ChangeAsync(actor, programId, enrolmentId, "enrolment.resume", (e, today) => e.Resume(today), ct);

        /// <summary>Brings back a mentor who was removed (or left): enrolled again from today.</summary>
        public Task<string?> RejoinAsync(ClaimsPrincipal actor, int programId, int enrolmentId, CancellationToken ct) =>
            ChangeAsync(actor, programId, enrolmentId, "enrolment.rejoin", (e, today) => e.Resume(today), ct);

        /// <summary>Takes a mentor out of the program; their history stays in past reports.</summary>
        public Task<string?> RemoveAsync(ClaimsPrincipal actor, int programId, int enrolmentId, CancellationToken ct) =>
            ChangeAsync(actor, programId, enrolmentId, "enrolment.remove", (e, today) => e.Leave(today), ct);

        private async Task<string?> ChangeAsync(ClaimsPrincipal actor, int programId, int enrolmentId, string auditAction, Action<Enrolment, DateOnly> change, CancellationToken ct)
        {
            var e = await db.Enrolments.Include(x => x.Program).Include(x => x.Pauses).Include(x => x.Mentor)
                .SingleOrDefaultAsync(x => x.Id == enrolmentId && x.ProgramId == programId, ct);
            if (e is null)
            {
                return null;
            }

            change(e, calendar.Today(e.Program));
            audit.Record(actor, auditAction, e.Mentor.Email ?? e.MentorId, $"program \"{e.Program.Name}\"");
            await db.SaveChangesAsync(ct);
            return e.Mentor.DisplayName is { Length: > 0 } name ? name : e.Mentor.Email ?? "The mentor";
        }
    }
}
