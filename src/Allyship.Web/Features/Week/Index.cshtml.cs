using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Week;

[Authorize(Policy = Policies.Mentor)]
[IndexModel.KeptAsRendered]
public sealed class IndexModel(MentorPrograms programs, ThisWeek.Handler handler, AllyshipPulse.Handler pulse,
    FiscalCalendar fiscal, ProgramCalendar calendar, SponsorSuggestions.Handler suggestions, PlannedCoffees plans,
    DataChanges changes) : PageModel
{
    /// <summary>Coffees planned and not yet logged or cancelled: upcoming ones, and past ones waiting for "Log it".</summary>
    public IReadOnlyList<PlannedCoffees.Plan> Planned { get; private set; } = [];

    /// <summary>Coffees she said she can't make (from her invitation), until he plans another with her.</summary>
    public IReadOnlyList<PlannedCoffees.Declined> Declined { get; private set; } = [];

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

    /// <summary>
    /// How long this instance keeps a mentor's week as read (<see cref="DataChanges"/>): its own writes drop it at once
    /// (the mentor's actions, plans, enrolment; any confirmation, pause, program or directory change); another
    /// instance's writes show within this time, and the page after the mentor's own change (it carries a status) is always read fresh.
    /// </summary>
    public static readonly TimeSpan CachedFor = TimeSpan.FromSeconds(30);

    /// <summary>What a mentor's week shows is read from: a change to any of these drops the read view and the rendered page.</summary>
    public static IReadOnlyList<string> Topics(string mentorId) =>
        [.. DataChanges.ForMentor(mentorId), DataChanges.Of<PledgeProgram>(), DataChanges.Of<EnrolmentPause>(), DataChanges.Of<Confirmation>(),
            DataChanges.Of<Colleague>(), DataChanges.Of<PulseResponse>(), DataChanges.Of<ChatPost>()];

    /// <summary>The busiest page is kept as rendered while nothing it shows changes (issue 19, ADR 17).</summary>
    public sealed class KeptAsRenderedAttribute() : PersonalPageCacheAttribute(Topics, CachedFor);

    private sealed record View(IReadOnlyList<ProgramChoice> Programs, ThisWeek.Model? Week, ColleaguePicker? Directory,
        FiscalQuarter? PulseAbout, SponsorSuggestions.Model Suggestions, IReadOnlyList<PlannedCoffees.Plan> Planned,
        IReadOnlyList<PlannedCoffees.Declined> Declined);

    public async Task<IActionResult> OnGetAsync(int? program, DateOnly? week, string? log, CancellationToken ct)
    {
        Open = ActionKinds.TryParse(log, out var open) ? open : null;
        var mentorId = User.UserId();
        var view = TempData.Peek("Status") is not null || PulseStatus is not null
            ? await ReadAsync(mentorId, program, week, ct)
            : await changes.GetOrReadAsync($"week:{mentorId}:{program}:{week:yyyy-MM-dd}:{calendar.UtcNow:yyyyMMddHHmm}", Topics(mentorId),
                CachedFor, () => ReadAsync(mentorId, program, week, ct), Bytes, ct);
        (Programs, Week, PulseAbout, Suggestions, Planned, Declined) = (view.Programs, view.Week, view.PulseAbout, view.Suggestions, view.Planned, view.Declined);
        Directory = view.Directory!;
        return Page();
    }

    /// <summary>A rough size of a kept view: the week's actions and plans, the picker's colleagues, the suggestions.</summary>
    private static long Bytes(View view) =>
        4096 + Insights.LiveNumbers.ListBytes((view.Week?.Actions.Count ?? 0) + (view.Week?.LastWeekActions.Count ?? 0), 400) + Insights.LiveNumbers.ListBytes(view.Planned.Count + view.Declined.Count, 300)
        + Insights.LiveNumbers.ListBytes((view.Directory?.Count ?? 0) + (view.Directory?.Leaders?.Count ?? 0), 160)
        + Insights.LiveNumbers.ListBytes(view.Suggestions.Colleagues.Count, 160);

    private async Task<View> ReadAsync(string mentorId, int? program, DateOnly? week, CancellationToken ct)
    {
        var list = await programs.ListAsync(mentorId, ct);
        if (MentorPrograms.Choose(list, program) is not { } chosen)
        {
            return new View(list, null, null, null, SponsorSuggestions.Model.None, [], []);
        }

        var thisWeek = await handler.HandleAsync(new ThisWeek.Query(mentorId, chosen, week), ct);
        var directory = await programs.PickerAsync(mentorId, chosen.Id, find: null, selectedId: null, ct);
        var pulseAbout = await OpenPulseAsync(chosen, ct);
        var isCurrent = thisWeek.Week == thisWeek.CurrentWeek;
        return new View(list, thisWeek, directory, pulseAbout,
            isCurrent ? await suggestions.LoadAsync(mentorId, chosen, thisWeek.CurrentWeek, ct) : SponsorSuggestions.Model.None,
            isCurrent ? await plans.OpenAsync(mentorId, chosen.Id, colleagueId: null, ct) : [],
            isCurrent ? await plans.DeclinedAsync(mentorId, chosen.Id, ct) : []);
    }

    /// <summary>The mentor's pulse answer: counted once, stored without their name.</summary>
    public async Task<IActionResult> OnPostPulseAsync(int program, int? score, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        if (Programs.FirstOrDefault(p => p.Id == program) is not { } chosen)
        {
            return NotFound();
        }

        if (await OpenPulseAsync(chosen, ct) is { } quarter)
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

    private async Task<FiscalQuarter?> OpenPulseAsync(ProgramChoice program, CancellationToken ct) =>
        program.AsksPulse && fiscal.PulseAskedAbout(program.TimeZoneId) is { } quarter
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
}
