using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Welcome;

/// <summary>The welcome: why the pledge, who she wants to support, her reminder day. Works without script and by keyboard.</summary>
[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(WelcomeMentor.Handler handler, GuideContent guide, TimeProvider clock) : PageModel
{
    public GuideContent Guide => guide;
    public WelcomeMentor.View? View { get; private set; }

    /// <summary>A search of a large directory (the picker lists small ones whole).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Find { get; set; }

    [BindProperty]
    public List<int?> Colleagues { get; set; } = [];

    [BindProperty]
    public DayOfWeek? ReminderDay { get; set; }

    public async Task<IActionResult> OnGetAsync(int? program, CancellationToken ct)
    {
        View = await handler.LoadAsync(User.UserId(), program, Find, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int program, CancellationToken ct)
    {
        var errors = await handler.SaveAsync(User.UserId(), program, Colleagues, ReminderDay, clock.GetUtcNow().UtcDateTime, ct);
        if (errors.Count == 0)
        {
            var count = Colleagues.OfType<int>().Distinct().Count();
            var saved = count == 0 ? ReminderDay is { } only ? Text.Words["Saved: reminders on {0}.", Cultures.DayName(only)].Value : Text.Words["Saved."].Value
                : ReminderDay is { } day ? Text.Words.Plural(count, "Saved: {0} colleague to support, reminders on {1}.", "Saved: {0} colleagues to support, reminders on {1}.", Cultures.DayName(day))
                : Text.Words.Plural(count, "Saved: {0} colleague to support.", "Saved: {0} colleagues to support.");
            TempData["Status"] = saved + " " + Text.Words["Your week is below: tap Log a coffee when you've had one."];
            return Redirect($"/week?program={program}");
        }

        FormErrors.AddTo(ModelState, errors, prefix: "");

        View = await handler.LoadAsync(User.UserId(), program, Find, ct);
        return Page();
    }

    public string? ErrorFor(string field) => FormErrors.For(ModelState, field);
}
