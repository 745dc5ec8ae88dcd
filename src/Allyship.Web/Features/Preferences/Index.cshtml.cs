using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Preferences;

public sealed class IndexModel(UpdatePreferences.Handler handler, Microsoft.Extensions.Localization.IStringLocalizer<Infrastructure.Localisation.Text> T,
    Notifications.PushDevices push, Notifications.VapidKeys vapid) : PageModel
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

    /// <summary>
    /// Turn on notifications: the page's script asked the browser (after her click) and filled in what it gave; the form
    /// posts it with the page's antiforgery token.
    /// </summary>
    public async Task<IActionResult> OnPostTurnOnNotificationsAsync(string? endpoint, string? p256dh, string? auth, CancellationToken ct)
    {
        if (!IsMentor)
        {
            return Forbid();
        }

        if (await push.AddAsync(User.UserId(), endpoint, p256dh, auth, Request.Headers.UserAgent.ToString(), ct) is { } refused)
        {
            NotificationError = T[refused].Value;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(keepInput: false, ct);
            return Page();
        }

        TempData["Status"] = T["Notifications are on for this device. Your reminders come here too; you choose below whether email still comes."].Value;
        return Redirect("/preferences#notifications");
    }

    /// <summary>Turns notifications off for one of her devices (this one, or one she no longer has).</summary>
    public async Task<IActionResult> OnPostTurnOffNotificationsAsync(int deviceId, CancellationToken ct)
    {
        TempData["Status"] = await push.RemoveAsync(User.UserId(), deviceId, ct)
            ? T["Notifications are off for that device."].Value
            : T["That device had no notifications on."].Value;
        return Redirect("/preferences#notifications");
    }

    public IReadOnlyList<Notifications.PushDevices.Device> Devices { get; private set; } = [];

    /// <summary>The server's public key, which the browser subscribes against.</summary>
    public string VapidPublicKey { get; private set; } = "";

    public bool NotificationsOffered => push.Offered && IsMentor;

    public string? NotificationError { get; private set; }

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
        if (NotificationsOffered)
        {
            Devices = await push.OfAsync(User.UserId(), ct);
            VapidPublicKey = (await vapid.GetAsync(ct)).Public;
        }
    }

    public IReadOnlyList<ChatApp> ChatAppsInstalled { get; private set; } = [];

    public IReadOnlyList<ChatApp> ChatAppsConnected { get; private set; } = [];

    public bool SlackInstalled { get; private set; }

    public bool SlackConnected { get; private set; }

    /// <summary>Her name, for the example greeting beside the preferred-name field.</summary>
    public string DisplayName { get; private set; } = "";
}
