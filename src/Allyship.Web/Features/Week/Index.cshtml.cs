using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Week;

[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(MentorPrograms programs, ThisWeek.Handler handler, AllyshipPulse.Handler pulse,
    Microsoft.Extensions.Options.IOptions<ReportingOptions> reporting, ProgramCalendar calendar, SponsorSuggestions.Handler suggestions, PlannedCoffees plans) : PageModel
{
    /// <summary>Coffees planned and not yet logged or cancelled: upcoming ones, and past ones waiting for "Log it".</summary>
    public IReadOnlyList<PlannedCoffees.Plan> Planned { get; private set; } = [];

    /// <summary>Colleagues nobody has sponsored lately, and a word when one person has had every sponsor note.</summary>
    public SponsorSuggestions.Model Suggestions { get; private set; } = SponsorSuggestions.Model.None;

    /// <summary>The quarter the pulse asks this mentor about, while it is open and unanswered; otherwise null.</summary>
    public FiscalQuarter? PulseAbout { get; private set; }

    [TempData]
    public string? PulseStatus { get; set; }

    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ThisWeek.Model? Week { get; private set; }
    public ColleaguePicker Directory { get; private set; } = null!;

    /// <summary>The log form to open (?log=coffee), from a link that means "log this now".</summary>
    public ActionKind? Open { get; private set; }

    /// <summary>A colleague the mentor chose to support (first of them), offered before any action names one.</summary>
    public int? FirstChosenColleagueId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? program, DateOnly? week, string? log, CancellationToken ct)
    {
        Open = ActionKinds.TryParse(log, out var open) ? open : null;
        Programs = await programs.ListAsync(User.UserId(), ct);
        if (MentorPrograms.Choose(Programs, program) is not { } chosen)
        {
            return Page();
        }

        Week = await handler.HandleAsync(new ThisWeek.Query(User.UserId(), chosen, week), ct);
        Directory = await programs.PickerAsync(User.UserId(), chosen.Id, find: null, Week.LastColleagueId, ct);
        FirstChosenColleagueId = Week.LastColleagueId is null && Directory.Mine.Count > 0 ? Directory.Mine[0].Id : null;
        PulseAbout = await OpenPulseAsync(chosen, Week.Today, ct);
        if (Week.Week == Week.CurrentWeek)
        {
            Suggestions = await suggestions.LoadAsync(User.UserId(), chosen, Week.CurrentWeek, ct);
            Planned = await plans.OpenAsync(User.UserId(), chosen.Id, colleagueId: null, ct);
        }

        return Page();
    }

    /// <summary>The mentor's pulse answer: counted once, stored without their name.</summary>
    public async Task<IActionResult> OnPostPulseAsync(int program, int? score, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        if (Programs.FirstOrDefault(p => p.Id == program) is not { } chosen)
        {
            return NotFound();
        }

        if (await OpenPulseAsync(chosen, calendar.Today(chosen.TimeZoneId), ct) is { } quarter)
        {
            var outcome = score is { } s
                ? await pulse.AnswerAsync([chosen.Id], quarter, PulseSide.Mentor, User.UserId(), s, ct)
                : AllyshipPulse.Outcome.Invalid;
            PulseStatus = outcome switch
            {
                AllyshipPulse.Outcome.Counted or AllyshipPulse.Outcome.AlreadyAnswered => "Thank you: your answer is counted, without your name.",
                _ => "Choose one of the five answers.",
            };
        }

        return Redirect($"/week?program={chosen.Id}");
    }

    private async Task<FiscalQuarter?> OpenPulseAsync(ProgramChoice program, DateOnly today, CancellationToken ct) =>
        program.AsksPulse && AllyshipPulse.AskedAbout(today, reporting.Value.FiscalYearStartMonth) is { } quarter
            && !await pulse.HasAnsweredAsync(program.Id, quarter.Start, User.UserId(), ct)
            ? quarter
            : null;

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
