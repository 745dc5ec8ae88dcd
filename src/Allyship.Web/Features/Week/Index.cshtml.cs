using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Week;

[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(MentorPrograms programs, ThisWeek.Handler handler) : PageModel
{
    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ThisWeek.Model? Week { get; private set; }
    public ColleaguePicker Directory { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? program, DateOnly? week, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        if (MentorPrograms.Choose(Programs, program) is not { } chosen)
        {
            return Page();
        }

        Week = await handler.HandleAsync(new ThisWeek.Query(User.UserId(), chosen, week), ct);
        Directory = await programs.PickerAsync(User.UserId(), chosen.Id, find: null, Week.LastColleagueId, ct);
        return Page();
    }

    public static string ProgressRing(WeekProgress p)
    {
        // The ring's dash length: a share of the circumference 2πr with r = 52.
        const double circumference = 2 * Math.PI * 52;
        var share = p.TargetMinutes == 0 ? 0 : Math.Min(1.0, (double)p.Minutes / p.TargetMinutes);
        return FormattableString.Invariant($"{share * circumference:F1} {circumference:F1}");
    }

    public static string KindIcon(ActionKind kind) => kind switch
    {
        ActionKind.Coffee => "☕",
        ActionKind.ShoutOut => "📣",
        _ => "✉️",
    };
}
