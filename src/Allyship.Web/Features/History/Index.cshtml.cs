using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.History;

[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(MentorPrograms programs, MentorHistory.Loader history, ProgramCalendar calendar, Data.AllyshipDbContext db) : PageModel
{
    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ProgramChoice? Program { get; private set; }
    public MentorHistory? History { get; private set; }

    /// <summary>Per week: how many actions the colleagues confirmed, and how many they did not recognise.</summary>
    public IReadOnlyDictionary<DateOnly, (int Confirmed, int NotRecognised)> Confirmations { get; private set; } =
        new Dictionary<DateOnly, (int, int)>();

    public async Task<IActionResult> OnGetAsync(int? program, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        Program = MentorPrograms.Choose(Programs, program);
        if (Program is not null)
        {
            History = await history.LoadAsync(User.UserId(), Program, calendar.CurrentWeek(Program.TimeZoneId), ct);
            var mentorId = User.UserId();
            var programId = Program.Id;
            Confirmations = await db.Confirmations.AsNoTracking()
                .Where(c => c.Action.MentorId == mentorId && c.Action.ProgramId == programId && c.Answer != null)
                .GroupBy(c => c.Action.WeekStart)
                .Select(g => new { g.Key, Confirmed = g.Count(c => c.Answer == Data.ConfirmationAnswer.Happened), Not = g.Count(c => c.Answer == Data.ConfirmationAnswer.DidNotHappen) })
                .ToDictionaryAsync(x => x.Key, x => (x.Confirmed, x.Not), ct);
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
