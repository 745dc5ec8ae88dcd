using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Pledge;

public sealed record ProgramChoice(int Id, string Name, string TimeZoneId, DateOnly StartDate, WeeklyTargets Targets,
    EnrolmentStatus Status, DateOnly? PausedUntil, DateTime EnrolledUtc);

/// <summary>The programs a mentor is enrolled in (not left), and which one a page shows.</summary>
public sealed class MentorPrograms(AllyshipDbContext db)
{
    public Task<List<ProgramChoice>> ListAsync(string mentorId, CancellationToken ct) =>
        db.Enrolments.AsNoTracking()
            .Where(e => e.MentorId == mentorId && e.Status != EnrolmentStatus.Left)
            .OrderBy(e => e.Program.Name)
            .Select(e => new ProgramChoice(e.ProgramId, e.Program.Name, e.Program.TimeZoneId, e.Program.StartDate,
                e.Program.Targets, e.Status, e.PausedUntil, e.CreatedUtc))
            .ToListAsync(ct);

    /// <summary>The requested program if the mentor is in it, else their first one; null when they have none.</summary>
    public static ProgramChoice? Choose(IReadOnlyList<ProgramChoice> programs, int? requested) =>
        programs.FirstOrDefault(p => p.Id == requested) ?? (programs.Count > 0 ? programs[0] : null);

    /// <summary>The colleague of the mentor's most recent action in the program: the log forms' default.</summary>
    public Task<int?> LastColleagueAsync(string mentorId, int programId, CancellationToken ct) =>
        db.Actions.AsNoTracking()
            .Where(a => a.MentorId == mentorId && a.ProgramId == programId)
            .OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id)
            .Select(a => (int?)a.ColleagueId)
            .FirstOrDefaultAsync(ct);

    public Task<List<ColleagueOption>> DirectoryAsync(CancellationToken ct) =>
        db.Colleagues.AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new ColleagueOption(c.Id, c.Name, c.Department))
            .ToListAsync(ct);
}

public sealed record ColleagueOption(int Id, string Name, string? Department)
{
    public string Label => string.IsNullOrEmpty(Department) ? Name : $"{Name} ({Department})";
}
