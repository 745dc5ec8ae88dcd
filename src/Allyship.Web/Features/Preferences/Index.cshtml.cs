using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Preferences;

public sealed class IndexModel(UpdatePreferences.Handler handler, MentorPrograms programs, Data.AllyshipDbContext db) : PageModel
{
    [BindProperty]
    public UpdatePreferences.Input Input { get; set; } = new();

    [BindProperty]
    public DateOnly? PauseUntil { get; set; }

    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];

    public static IReadOnlyList<string> Zones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<DayOfWeek> Days { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public bool IsMentor => User.IsInRole(Roles.Mentor);
    public bool IsAdmin => User.IsInRole(Roles.ProgramAdmin);
    public ProgramChoice? Paused => Programs.FirstOrDefault(p => p.Status == EnrolmentStatus.Paused);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = UpdatePreferences.Input.From(await handler.LoadAsync(User.UserId(), ct));
        Programs = await programs.ListAsync(User.UserId(), ct);
        if (Input.UseProgramSchedule && Programs.Count > 0)
        {
            // Show the times that actually apply: the program's, until the mentor chooses their own.
            var p = await db.Programs.AsNoTracking().SingleAsync(x => x.Id == Programs[0].Id, ct);
            (Input.ReminderDay, Input.ReminderTime, Input.LastCallEnabled, Input.LastCallDay, Input.LastCallTime) =
                (p.ReminderDay, p.ReminderTime, p.LastCallEnabled, p.LastCallDay, p.LastCallTime);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var errors = await handler.SaveAsync(User.UserId(), Input, ct);
            if (errors.Count == 0)
            {
                TempData["Status"] = "Your email settings are saved.";
                return RedirectToPage();
            }

            FormErrors.AddTo(ModelState, errors);
        }

        Programs = await programs.ListAsync(User.UserId(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPauseAsync(CancellationToken ct)
    {
        var errors = await handler.PauseAsync(User.UserId(), PauseUntil, ct);
        if (errors.Count == 0)
        {
            TempData["Status"] = $"You're paused until {PauseUntil:dddd d MMMM}: no reminders, and your streak is frozen, not broken.";
            return RedirectToPage();
        }

        foreach (var error in errors)
        {
            ModelState.AddModelError(nameof(PauseUntil), error.Message);
        }

        Input = UpdatePreferences.Input.From(await handler.LoadAsync(User.UserId(), ct));
        Programs = await programs.ListAsync(User.UserId(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken ct)
    {
        await handler.ResumeAsync(User.UserId(), ct);
        TempData["Status"] = "Welcome back: reminders are on again.";
        return RedirectToPage();
    }

    public string? ErrorFor(string field) => FormErrors.For(ModelState, field);

    public string? PauseError => ModelState.TryGetValue(nameof(PauseUntil), out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
