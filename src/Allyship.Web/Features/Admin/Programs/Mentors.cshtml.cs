using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Programs;

public sealed class MentorsModel(ManageEnrolments.Handler handler) : AdminPageModel
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
        Done(id, await handler.ResumeAsync(User, id, enrolmentId, ct), "Resumed.");

    public async Task<IActionResult> OnPostRemoveAsync(int id, int enrolmentId, CancellationToken ct) =>
        Done(id, await handler.RemoveAsync(User, id, enrolmentId, ct), "Removed from the program. Their history stays in the reports.");

    public string? PauseError(int enrolmentId) =>
        ModelState.TryGetValue($"pause-{enrolmentId}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private IActionResult Done(int id, bool found, string message)
    {
        if (!found)
        {
            return NotFound();
        }

        TempData["Status"] = message;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await handler.LoadAsync(id, ct) is not { } view)
        {
            return false;
        }

        (Program, Rows) = (view.Program, view.Rows);
        return true;
    }
}
