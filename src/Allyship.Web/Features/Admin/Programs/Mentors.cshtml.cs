using Allyship.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

public sealed class MentorsModel(ManageEnrolments.Handler handler, AllyshipDbContext db) : AdminPageModel
{
    public PledgeProgram Program { get; private set; } = null!;
    public IReadOnlyList<ManageEnrolments.Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPauseAsync(int id, int enrolmentId, DateOnly? pauseUntil, CancellationToken ct)
    {
        var errors = await handler.PauseAsync(User, id, enrolmentId, pauseUntil, ct);
        if (errors.Count == 0)
        {
            TempData["Status"] = $"Paused until {pauseUntil:d MMMM}.";
            return RedirectToPage(new { id });
        }

        ModelState.AddModelError($"pause-{enrolmentId}", errors[0].Message);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostResumeAsync(int id, int enrolmentId, CancellationToken ct) =>
        await ChangeAsync(id, enrolmentId, EnrolmentStatus.Active, "Resumed.", ct);

    public async Task<IActionResult> OnPostRemoveAsync(int id, int enrolmentId, CancellationToken ct) =>
        await ChangeAsync(id, enrolmentId, EnrolmentStatus.Left, "Removed from the program. Their history stays in the reports.", ct);

    public string? PauseError(int enrolmentId) =>
        ModelState.TryGetValue($"pause-{enrolmentId}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private async Task<IActionResult> ChangeAsync(int id, int enrolmentId, EnrolmentStatus status, string message, CancellationToken ct)
    {
        if (!await handler.SetStatusAsync(User, id, enrolmentId, status, ct))
        {
            return NotFound();
        }

        TempData["Status"] = message;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (program is null)
        {
            return false;
        }

        Program = program;
        Rows = await handler.ListAsync(id, ct);
        return true;
    }
}
