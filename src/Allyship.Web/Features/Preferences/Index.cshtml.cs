using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Preferences;

public sealed class IndexModel(UpdatePreferences.Handler handler, Microsoft.Extensions.Localization.IStringLocalizer<Infrastructure.Localisation.Text> T) : PageModel
{
    [BindProperty]
    public UpdatePreferences.Input Input { get; set; } = new();

    [BindProperty]
    public DateOnly? PauseUntil { get; set; }

    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];

    /// <summary>The last day of a pause under way today; null when not paused (a pause that has ended is over by itself).</summary>
    public DateOnly? PausedUntil { get; private set; }

    public static IReadOnlyList<string> Zones => Choices.TimeZones;

    public static IReadOnlyList<DayOfWeek> Days => Choices.Days;

    public bool IsMentor => User.IsInRole(Roles.Mentor);
    public bool IsAdmin => User.IsInRole(Roles.ProgramAdmin);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(keepInput: false, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var usedProgramTimes = Input.UseProgramSchedule;
            var errors = await handler.SaveAsync(User.UserId(), Input, ct);
            if (errors.Count == 0)
            {
                Infrastructure.Localisation.LocalisationSetup.RememberLanguage(Response, Input.Language);
                // Said in the language she just chose: the next page is in it.
                var before = System.Globalization.CultureInfo.CurrentUICulture;
                System.Globalization.CultureInfo.CurrentUICulture = Input.Language is { Length: > 0 } chosen ? new System.Globalization.CultureInfo(chosen) : before;
                try
                {
                    TempData["Status"] = usedProgramTimes && !Input.UseProgramSchedule
                        ? T["Your email settings are saved. You changed the reminder times, so yours now apply ({0} at {1}) instead of your program's.",
                            System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en"
                                ? Input.Reminders.ReminderDay.ToString()
                                : System.Globalization.CultureInfo.CurrentUICulture.DateTimeFormat.GetDayName(Input.Reminders.ReminderDay),
                            Input.Reminders.ReminderTime?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? ""].Value
                        : T["Your email settings are saved."].Value;
                }
                finally
                {
                    System.Globalization.CultureInfo.CurrentUICulture = before;
                }

                return RedirectToPage();
            }

            FormErrors.AddTo(ModelState, errors);
        }

        await LoadAsync(keepInput: true, ct);
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

        await LoadAsync(keepInput: false, ct);
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

    private async Task LoadAsync(bool keepInput, CancellationToken ct)
    {
        var view = await handler.LoadAsync(User.UserId(), ct);
        Input = keepInput ? Input : view.Input;
        Programs = view.Programs;
        PausedUntil = view.PausedUntil;
        DisplayName = view.DisplayName;
        SlackInstalled = view.SlackInstalled;
        SlackConnected = view.SlackConnected;
        ChatAppsInstalled = view.Installed;
        ChatAppsConnected = view.Connected;
    }

    public IReadOnlyList<ChatApp> ChatAppsInstalled { get; private set; } = [];

    public IReadOnlyList<ChatApp> ChatAppsConnected { get; private set; } = [];

    public bool SlackInstalled { get; private set; }

    public bool SlackConnected { get; private set; }

    /// <summary>Her name, for the example greeting beside the preferred-name field.</summary>
    public string DisplayName { get; private set; } = "";
}
