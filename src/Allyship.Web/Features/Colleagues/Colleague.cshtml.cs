using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Colleagues;

/// <summary>One colleague's page, the sponsorship hub: the timeline of what this mentor did with her and one-tap logging.</summary>
[Authorize(Policy = Policies.Mentor)]
public sealed class ColleagueModel(MentorPrograms programs, MyColleagues.Handler handler, ProgramCalendar calendar) : PageModel
{
    public ProgramChoice Program { get; private set; } = null!;
    public MyColleagues.Page View { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? program, CancellationToken ct)
    {
        if (MentorPrograms.Choose(await programs.ListAsync(User.UserId(), ct), program) is not { } chosen
            || await handler.PageAsync(User.UserId(), chosen.Id, id, ct) is not { } view)
        {
            return NotFound();
        }

        (Program, View, Today) = (chosen, view, calendar.Today(chosen.TimeZoneId));
        return Page();
    }

    public string LogLink(ActionKind kind) => $"/log/{kind.Slug()}?program={Program.Id}&colleague={View.ColleagueId}";
}
