using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Coffee;

/// <summary>Plan a coffee (/coffee/plan), or move or cancel one (/coffee/plan/{id}).</summary>
[Authorize(Policy = Policies.Mentor)]
public sealed class PlanModel(PlanCoffee.Handler handler, MentorPrograms programs, ProgramCalendar calendar) : PageModel
{
    [BindProperty]
    public PlanCoffee.Input Input { get; set; } = new();

    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ProgramChoice? Program { get; private set; }
    public ColleaguePicker? Directory { get; private set; }

    /// <summary>The plan being moved, or null for a new one.</summary>
    public PlannedCoffee? Existing { get; private set; }

    public DateOnly Today { get; private set; }

    public string? ErrorFor(string field) => FormErrors.For(ModelState, field);

    public async Task<IActionResult> OnGetAsync(int? id, int? program, int? colleague, CancellationToken ct)
    {
        if (!await LoadAsync(id, program, ct))
        {
            return NotFound();
        }

        if (Existing is { } plan)
        {
            // Her suggested time, when she made one, is what the form holds: "Move it" is then one tap.
            var local = TimeZoneInfo.ConvertTimeFromUtc(plan.HasSuggestion ? plan.SuggestedStartsUtc!.Value : plan.StartsUtc, TimeZones.Find(plan.TimeZoneId));
            Input = new PlanCoffee.Input
            {
                ProgramId = plan.ProgramId, ColleagueId = plan.ColleagueId, Date = DateOnly.FromDateTime(local), Time = TimeOnly.FromDateTime(local),
                Place = plan.Place, Minutes = plan.DurationMinutes,
                OutsideHoursConfirmed = plan.HasSuggestion, // she chose that time: no question about office hours
            };
        }
        else if (Program is { } p)
        {
            // The program's next working day at ten (Monday, on a Friday): a sensible start within its office hours, changed in two taps.
            var hours = p.Enrolment.Program is { } settings ? OfficeHours.Of(settings) : OfficeHours.Default;
            Input = new PlanCoffee.Input
            {
                ProgramId = p.Id, ColleagueId = colleague, Date = hours.NextWorkingDay(Today), Time = hours.DefaultStart,
                SubmissionId = Guid.NewGuid(),
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, Input.ProgramId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await handler.SaveAsync(User.UserId(), id, Input, ct);
        if (!result.Succeeded)
        {
            FormErrors.AddTo(ModelState, result.Errors);
            return Page();
        }

        var words = Infrastructure.Localisation.Text.Words;
        TempData["Status"] = (id is null, result.ColleagueInvited) switch
        {
            (true, true) => words["Coffee planned: {0} and you have the calendar invitation.", result.ColleagueName ?? ""].Value,
            (true, false) => words["Coffee planned: the invitation is in your inbox. {0} turned program emails off, so tell her yourself.", result.ColleagueName ?? ""].Value,
            (false, true) => words["Coffee moved: {0} and you have the calendar invitation.", result.ColleagueName ?? ""].Value,
            _ => words["Coffee moved: the invitation is in your inbox. {0} turned program emails off, so tell her yourself.", result.ColleagueName ?? ""].Value,
        };
        return Redirect($"/week?program={Input.ProgramId}#planned");
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct)
    {
        var plan = await handler.FindAsync(User.UserId(), id, ct);
        if (plan is null)
        {
            return NotFound();
        }

        TempData["Status"] = await handler.CancelAsync(User.UserId(), id, ct)
            ? Infrastructure.Localisation.Text.Words["Coffee with {0} cancelled: the invitation is withdrawn.", plan.Colleague.Name].Value
            : Infrastructure.Localisation.Text.Words["That coffee changed a moment ago (cancelled, moved or logged in another window): This week shows it as it is now."].Value;
        return Redirect($"/week?program={plan.ProgramId}#planned");
    }

    private async Task<bool> LoadAsync(int? id, int? programId, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        if (id is { } planId)
        {
            Existing = await handler.FindAsync(User.UserId(), planId, ct);
            if (Existing is null)
            {
                return false;
            }

            programId = Existing.ProgramId;
        }

        Program = MentorPrograms.Choose(Programs, programId);
        if (Program is null)
        {
            return Existing is null; // not enrolled: the page says so
        }

        Today = calendar.Today(Program.TimeZoneId);
        if (Existing is null)
        {
            Directory = await programs.PickerAsync(User.UserId(), Program.Id, find: null, Input.ColleagueId, ct);
        }

        return true;
    }
}
