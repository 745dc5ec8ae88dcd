using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Programs;

public sealed class IndexModel(Dashboard.Handler handler, NudgeMentor.Handler nudge, VoiceNumbers.Handler voice, SpreadNumbers.Handler spread,
    Microsoft.Extensions.Options.IOptions<ReportingOptions> reporting, FiscalCalendar fiscal, Attention.Handler attention, SuggestColleague.Handler suggest)
    : AdminPageModel
{
    /// <summary>What needs the admin this week: the top of the page (issue 36).</summary>
    public Attention.Model Attention { get; private set; } = null!;

    /// <summary>The same length of time just before the period, for the headline's trend; null when the program had not started.</summary>
    public Dashboard.Model? Previous { get; private set; }

    public Dashboard.Model Dashboard { get; private set; } = null!;

    /// <summary>The perception gap for the same weeks, and the pulse about the last quarter against the one before.</summary>
    public VoiceNumbers.Model Voice { get; private set; } = null!;

    public int MinGroupSize => reporting.Value.MinGroupSize;

    /// <summary>How sponsorship spreads in the period, and who at the target levels is overlooked (last 12 weeks).</summary>
    public SpreadNumbers.Model Spread { get; private set; } = null!;
    public string? PeriodError { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (model, error) = await handler.LoadAsync(id, Period, From, To, ct);
        if (model is null)
        {
            return NotFound();
        }

        Dashboard = model;
        PeriodError = error;
        var months = fiscal.StartMonth;
        var lastQuarter = fiscal.CurrentQuarter(model.Program).Previous(months); // in the program's zone, like its weeks
        Voice = await voice.LoadAsync([id], model.Period.First.Monday, model.Period.Last.Monday, lastQuarter, months, MinGroupSize, ct);
        Spread = await spread.LoadAsync([id], model.Program.TargetLevelList, model.Period.First.Monday, model.Period.Last.Monday, model.Current.Monday, MinGroupSize, ct);
        Attention = await attention.LoadAsync(id, model.Period.First.Monday, model.Period.Last.Monday, Spread.OverlookedShownList.Select(c => c.Id).ToList(), ct);
        var weeks = model.Period.Last.Monday.DayNumber - model.Period.First.Monday.DayNumber + 7;
        var before = model.Period.First.Monday.AddDays(-1);
        if (before >= model.Program.StartDate)
        {
            Previous = (await handler.LoadAsync(id, "custom", model.Period.First.Monday.AddDays(-weeks), before, ct)).Model;
        }

        return Page();
    }

    /// <summary>"▲ 4 pts" against the period before, in words for a screen reader too.</summary>
    public static (string Arrow, string Words) Trend(double now, double before, string unit)
    {
        var delta = (int)Math.Round(now - before);
        return delta switch
        {
            > 0 => ("▲", Text.Words["up {0} " + unit + " on the period before", delta].Value),
            < 0 => ("▼", Text.Words["down {0} " + unit + " on the period before", -delta].Value),
            _ => ("=", Text.Words["the same as the period before"].Value),
        };
    }

    public async Task<IActionResult> OnPostSuggestAsync(int id, int colleagueId, CancellationToken ct)
    {
        TempData["Status"] = await suggest.SuggestAsync(User, id, colleagueId, ct);
        return Redirect($"/admin/programs/{id}?period={Uri.EscapeDataString(Period ?? "12")}#attention");
    }

    public async Task<IActionResult> OnPostNudgeAsync(int id, string mentorId, CancellationToken ct)
    {
        TempData["Status"] = await nudge.HandleAsync(User, id, mentorId, ct);
        return Redirect($"/admin/programs/{id}?period={Uri.EscapeDataString(Period ?? "12")}#attention");
    }

    public static string Percent(double share) => $"{VoiceNumbers.Points(share)}%";
}
