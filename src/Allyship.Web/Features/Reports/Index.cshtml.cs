using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Reports;

/// <summary>HR's quarterly report: pick a quarter and programs, preview, download.</summary>
public sealed class IndexModel(ReportScope scopes, QuarterReport.Handler report, VoiceNumbers.Handler voice, SpreadNumbers.Handler spread, OutcomeNumbers.Handler outcomes,
    Data.AllyshipDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Quarter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Program { get; set; }

    /// <summary>?print=summary: the leadership summary, as it prints (issue 36).</summary>
    [BindProperty(SupportsGet = true, Name = "print")]
    public string? Print { get; set; }

    public bool PrintSummary => string.Equals(Print, "summary", StringComparison.OrdinalIgnoreCase);

    public QuarterReport.Scope? Scope { get; private set; }
    public string? Error { get; private set; }
    public QuarterReport.Summary? Summary { get; private set; }
    public IReadOnlyList<QuarterReport.WeekRow> Trend { get; private set; } = [];
    public IReadOnlyList<QuarterReport.DepartmentRow> Departments { get; private set; } = [];

    /// <summary>The Voice sheet's headline: the same numbers, for the quarter's weeks and its pulse.</summary>
    public VoiceNumbers.Model? Voice { get; private set; }

    /// <summary>The Spread, Outcomes and level numbers: the same as their sheets.</summary>
    public SpreadNumbers.Model? Spread { get; private set; }
    public OutcomeNumbers.Model? Outcomes { get; private set; }
    public IReadOnlyList<QuarterReport.LevelRow> Levels { get; private set; } = [];

    /// <summary>How concerns raised in the quarter are being handled: counts by state and age, never their texts.</summary>
    public ConcernCounts.Model? Concerns { get; private set; }
    public IReadOnlyList<FiscalQuarter> Quarters { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public int MinGroupSize => scopes.MinGroupSize;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Quarters = scopes.RecentQuarters();
        Programs = await scopes.ProgramsAsync(ct);
        (Scope, Error) = await scopes.ResolveAsync(Quarter, Program, ct);
        if (Scope is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Summary = await report.SummaryAsync(Scope, ct);
        Trend = await report.TrendAsync(Scope, ct);
        Departments = await report.DepartmentsAsync(Scope, MinGroupSize, ct);
        Voice = await voice.LoadAsync(Scope.ProgramIds, Scope.FirstMonday, Scope.LastMonday, Scope.Quarter, scopes.FiscalYearStartMonth, MinGroupSize, ct);
        Levels = await report.LevelsAsync(Scope, ct);
        Spread = await spread.LoadAsync(Scope.ProgramIds, await scopes.TargetLevelsAsync(Scope.ProgramIds, ct), Scope.FirstMonday, Scope.LastMonday, Scope.LastMonday, MinGroupSize, ct);
        Outcomes = await outcomes.LoadAsync(Scope.ProgramIds, Scope.Quarter, scopes.FiscalYearStartMonth, MinGroupSize, ct);
        Concerns = await ConcernCounts.LoadAsync(db, Scope.Quarter.Start, Scope.Quarter.End, clock.GetUtcNow().UtcDateTime, ct);
        return Page();
    }

    public string Query => $"quarter={Scope!.Quarter.Key}&program={(Scope.ProgramIds.Count == 1 && Scope.ProgramsLabel != "All programs" ? Scope.ProgramIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")}";
}
