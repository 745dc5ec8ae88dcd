using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Actions;

[Authorize(Policy = Policies.Mentor)]
public sealed class EditModel(ActionDetails.Handler details, EditAction.Handler handler, MentorPrograms programs, ProgramCalendar calendar) : PageModel
{
    [BindProperty]
    public ActionInput Input { get; set; } = new();

    public ActionDetails.Model Action { get; private set; } = null!;
    public ColleaguePicker Directory { get; private set; } = null!;
    public LoggableDays Days { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = new ActionInput
        {
            ProgramId = Action.ProgramId, Kind = Action.Kind.ToString(), OccurredOn = Action.OccurredOn, Minutes = Action.Minutes,
            ColleagueId = Action.ColleagueId, Topics = Action.Topics, PrivateNotes = Action.PrivateNotes, Achievement = Action.Achievement,
            WhereGiven = Action.WhereGiven, SeniorLeader = Action.SeniorLeader, Accomplishment = Action.Accomplishment,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(new EditAction.Command(User.UserId(), id, Input), ct);
            switch (result.Status)
            {
                case EditAction.Status.NotFound:
                    return NotFound();
                case EditAction.Status.Saved:
                    TempData["Status"] = Text.Words["Your changes are saved."].Value;
                    return RedirectToPage("/Week/Index", new { program = Input.ProgramId });
                default:
                    FormErrors.AddTo(ModelState, result.Errors);
                    break;
            }
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await details.HandleAsync(User.UserId(), id, ct) is not { } action)
        {
            return false;
        }

        Action = action;
        Directory = await programs.PickerAsync(User.UserId(), action.ProgramId, find: null, Input.ColleagueId ?? action.ColleagueId, ct, keepId: action.ColleagueId);
        var enrolled = await programs.ListAsync(User.UserId(), ct);
        var program = enrolled.FirstOrDefault(p => p.Id == action.ProgramId);
        if (program is null)
        {
            return false; // left the program or it was archived: its actions are no longer editable
        }

        Days = program.LoggableDays(calendar.Today(program.TimeZoneId));
        return true;
    }
}
