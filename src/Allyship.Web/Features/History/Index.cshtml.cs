using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.History;

[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(MentorPrograms programs, MentorHistory.Loader history, ProgramCalendar calendar) : PageModel
{
    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ProgramChoice? Program { get; private set; }
    public MentorHistory? History { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? program, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        Program = MentorPrograms.Choose(Programs, program);
        if (Program is not null)
        {
            History = await history.LoadAsync(User.UserId(), Program, calendar.CurrentWeek(Program.TimeZoneId), ct);
        }

        return Page();
    }

    public static string StateLabel(WeekState state) => state switch
    {
        WeekState.Complete => "Complete",
        WeekState.Paused => "Paused",
        WeekState.OpenIncomplete => "In progress",
        _ => "Incomplete",
    };
}
