using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Reports;

/// <summary>Writes the report's sheets to a sink, row by row; returns how many data rows it wrote.</summary>
public sealed class ReportExport(QuarterReport.Handler report, VoiceNumbers.Handler voice, SpreadNumbers.Handler spread, OutcomeNumbers.Handler outcomes,
    ReportScope scopes, IServiceScopeFactory services)
{
    public static readonly IReadOnlyList<string> Sheets = ["summary", "weeks", "mentors", "departments", "colleagues", "levels", "spread", "voice", "outcomes", "definitions"];

    /// <summary>
    /// All the sheets, in order. The Departments, Colleagues, Levels and Outcomes sheets (small: one row per department, per
    /// colleague reached, per level, per sponsorship group) are computed on a second connection while Summary and Mentors stream, so the workbook takes about as long
    /// as its largest half rather than the sum of its sheets.
    /// </summary>
    public async Task<int> WriteWorkbookAsync(ISheetSink sink, QuarterReport.Scope scope, int minGroupSize, CancellationToken ct)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var later = Task.Run(
            async () =>
            {
                await using var scope2 = services.CreateAsyncScope(); // its own DbContext, so its own connection
                var other = new QuarterReport.Handler(scope2.ServiceProvider.GetRequiredService<AllyshipDbContext>());
                var departments = await other.DepartmentsAsync(scope, minGroupSize, cancel.Token);
                var colleagues = await other.ColleaguesAsync(scope, cancel.Token).ToListAsync(cancel.Token);
                var levels = await other.LevelsAsync(scope, cancel.Token);
                var outcomeNumbers = await new OutcomeNumbers.Handler(scope2.ServiceProvider.GetRequiredService<AllyshipDbContext>())
                    .LoadAsync(scope.ProgramIds, scope.Quarter, scopes.FiscalYearStartMonth, minGroupSize, cancel.Token);
                return (departments, colleagues, levels, outcomeNumbers);
            },
            cancel.Token);
        try
        {
            var rows = await WriteAsync(sink, "summary", scope, minGroupSize, ct) + await WriteAsync(sink, "weeks", scope, minGroupSize, ct)
                + await WriteAsync(sink, "mentors", scope, minGroupSize, ct);
            var (departments, colleagues, levels, outcomeNumbers) = await later;
            rows += await WriteDepartmentsAsync(sink, departments, ct);
            rows += await WriteColleaguesAsync(sink, colleagues.ToAsyncEnumerable(), ct);
            rows += await WriteLevelsAsync(sink, levels, ct);
            rows += await WriteAsync(sink, "spread", scope, minGroupSize, ct);
            rows += await WriteAsync(sink, "voice", scope, minGroupSize, ct);
            rows += await WriteOutcomesAsync(sink, outcomeNumbers, ct);
            rows += await WriteDefinitionsAsync(sink, ct);
            return rows;
        }
        catch
        {
            await cancel.CancelAsync();
            await Task.WhenAny(later); // never leave the second connection running after the response has failed
            throw;
        }
    }

    public async Task<int> WriteAsync(ISheetSink sink, string sheet, QuarterReport.Scope scope, int minGroupSize, CancellationToken ct)
    {
        var rows = 0;
        switch (sheet)
        {
            case "summary":
                var s = await report.SummaryAsync(scope, ct);
                await sink.StartSheetAsync(W("Summary"), [W("Measure"), W("Value")], ct);
                foreach (var (label, value) in new (string, object)[]
                {
                    (W("Quarter"), scope.Quarter.Label), (W("From"), scope.Quarter.Start), (W("To"), scope.Quarter.End),
                    (W("Programs"), W(scope.ProgramsLabel)), (W("Mentors enrolled"), s.Enrolled), (W("Mentors active"), s.Active),
                    (W("Weeks complete"), s.WeeksComplete), (W("Mentor-weeks counted"), s.WeeksCounted), (W("Completion %"), Percent.OfRate(s.CompletionRate)),
                    (W("Minutes"), s.Minutes), (W("Colleagues reached"), s.Reach),
                })
                {
                    await sink.RowAsync([label, value], ct);
                    rows++;
                }

                break;
            case "mentors":
                await sink.StartSheetAsync(W("Mentors"), [W("Name"), W("Email"), W("Department"), W("Program"), W("Weeks enrolled"), W("Weeks complete"), W("Completion %"),
                    W("Coffees"), W("Shout-outs"), W("Sponsor notes"), W("Minutes"), W("Distinct colleagues")], ct);
                await foreach (var m in report.MentorsAsync(scope, minGroupSize, ct))
                {
                    await sink.RowAsync([m.Name, m.Email, Department(m.Department), m.Program, m.WeeksEnrolled, m.WeeksComplete, Percent.OfRate(m.CompletionRate),
                        m.Coffees, m.ShoutOuts, m.SponsorNotes, m.Minutes, m.Colleagues], ct);
                    rows++;
                }

                break;
            case "weeks":
                await sink.StartSheetAsync(W("Weeks"), [W("Week of"), W("Weeks complete"), W("Mentors counted"), W("Completion %"), W("Minutes")], ct);
                foreach (var w in await report.TrendAsync(scope, ct))
                {
                    await sink.RowAsync([w.Week, w.Complete, w.Counted, Percent.OfRate(w.CompletionRate), w.Minutes], ct);
                    rows++;
                }

                break;
            case "departments":
                rows = await WriteDepartmentsAsync(sink, await report.DepartmentsAsync(scope, minGroupSize, ct), ct);
                break;
            case "colleagues":
                rows = await WriteColleaguesAsync(sink, report.ColleaguesAsync(scope, ct), ct);
                break;
            case "spread":
                rows = await WriteSpreadAsync(sink, await spread.LoadAsync(scope.ProgramIds, await scopes.TargetLevelsAsync(scope.ProgramIds, ct),
                    scope.FirstMonday, scope.LastMonday, scope.LastMonday, minGroupSize, ct), ct);
                break;
            case "voice":
                rows = await WriteVoiceAsync(sink, await voice.LoadAsync(scope.ProgramIds, scope.FirstMonday, scope.LastMonday, scope.Quarter,
                    scopes.FiscalYearStartMonth, minGroupSize, ct), ct);
                break;
            case "levels":
                rows = await WriteLevelsAsync(sink, await report.LevelsAsync(scope, ct), ct);
                break;
            case "outcomes":
                rows = await WriteOutcomesAsync(sink, await outcomes.LoadAsync(scope.ProgramIds, scope.Quarter, scopes.FiscalYearStartMonth, minGroupSize, ct), ct);
                break;
            case "definitions":
                rows = await WriteDefinitionsAsync(sink, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(sheet), sheet, "Unknown sheet.");
        }

        return rows;
    }

    private static async Task<int> WriteDepartmentsAsync(ISheetSink sink, IEnumerable<QuarterReport.DepartmentRow> departments, CancellationToken ct)
    {
        var rows = 0;
        await sink.StartSheetAsync(W("Departments"), [W("Department"), W("Mentors"), W("Weeks enrolled"), W("Weeks complete"), W("Completion %"),
            W("Coffees"), W("Shout-outs"), W("Sponsor notes"), W("Minutes"), W("Distinct colleagues")], ct);
        foreach (var d in departments)
        {
            await sink.RowAsync([Department(d.Department), d.Mentors, d.WeeksEnrolled, d.WeeksComplete, Percent.OfRate(d.CompletionRate),
                d.Coffees, d.ShoutOuts, d.SponsorNotes, d.Minutes, d.Colleagues], ct);

            rows++;
        }

        return rows;
    }

    /// <summary>The three levels of allyship: the preview's table, row for row.</summary>
    private static async Task<int> WriteLevelsAsync(ISheetSink sink, List<QuarterReport.LevelRow> levels, CancellationToken ct)
    {
        await sink.StartSheetAsync(W("Levels"), [W("Level"), W("Actions"), W("Minutes"), W("Mentor-weeks done"), W("Mentor-weeks counted"), W("Weeks done %")], ct);
        foreach (var l in levels)
        {
            await sink.RowAsync([l.Name, l.Actions, l.Minutes, l.WeeksDone, l.WeeksCounted, Percent.OfRate(l.CompletionRate)], ct);
        }

        return levels.Count;
    }

    /// <summary>Promotions and exits by the sponsorship received before: one row per group, the preview's numbers; suppressed groups keep their size only.</summary>
    private static async Task<int> WriteOutcomesAsync(ISheetSink sink, OutcomeNumbers.Model o, CancellationToken ct)
    {
        await sink.StartSheetAsync(W("Outcomes"), [W("Sponsorship in the 4 quarters before"), W("Colleagues"), W("Colleague-quarters"), W("Promotions"),
            W("Promotion rate % per quarter"), W("Exits"), W("Exit rate % per quarter"), W("Note")], ct);
        foreach (var g in o.Groups)
        {
            await sink.RowAsync([W(OutcomeNumbers.Label(g.Group)), g.Colleagues, g.ColleagueQuarters, g.Shown ? g.Promotions : null,
                g.PromotionRate is { } p ? Percent.OfRate(p) : null, g.Shown ? g.Exits : null, g.ExitRate is { } e ? Percent.OfRate(e) : null,
                g.Shown ? W("{0} to {1}.", o.Window[0].Label, o.Window[^1].Label) + " " + W(OutcomeNumbers.CorrelationSentence) : W("Fewer than {0} colleagues: not shown.", o.MinGroupSize)], ct);
        }

        return o.Groups.Count;
    }

    /// <summary>The spread of sponsorship in the quarter, in long form (measure, group, value): the dashboard's numbers for the same weeks.</summary>
    private static async Task<int> WriteSpreadAsync(ISheetSink sink, SpreadNumbers.Model s, CancellationToken ct)
    {
        var levels = s.TargetLevels.Count == 0 ? W("every level") : string.Join(", ", s.TargetLevels);
        var rows = new List<object?[]>
        {
            new object?[] { W("Colleagues reached"), W("Any action"), s.Reached },
            new object?[] { W("Colleagues reached"), W("Coffee"), s.ReachedByCoffee },
            new object?[] { W("Colleagues reached"), W("Shout-out"), s.ReachedByShoutOut },
            new object?[] { W("Colleagues reached"), W("Sponsor note"), s.ReachedBySponsorNote },
            new object?[] { W("Share to the top 10% of colleagues reached, %"), W("Sponsor notes"), Percent.Whole(VoiceNumbers.Points(s.TopTenthSponsorNoteShare)) },
            new object?[] { W("Share to the top 10% of colleagues reached, %"), W("Shout-outs"), Percent.Whole(VoiceNumbers.Points(s.TopTenthShoutOutShare)) },
            new object?[] { W("Gini coefficient (0 even, 1 all to one)"), W("Sponsor notes"), new Fixed(s.SponsorNoteGini, 2) },
            new object?[] { W("Target levels ({0})", levels), W("In the directory"), s.AtTargetLevels },
            new object?[] { W("Target levels ({0})", levels), W("Reached"), s.AtTargetLevelsReached },
        };
        rows.AddRange(s.Distribution.Select(d => new object?[] { W("Colleagues by sponsor notes received"), d.Bucket, d.Colleagues }));
        rows.AddRange(s.OverlookedByDepartment.Select(d => new object?[] { W("Overlooked: no shout-out or sponsor note in the {0} weeks to the quarter's end", SpreadNumbers.OverlookedWeeks), W(d.Department), d.Colleagues }));

        await sink.StartSheetAsync(W("Spread"), [W("Measure"), W("Group"), W("Value")], ct);
        foreach (var row in rows)
        {
            await sink.RowAsync(row, ct);
        }

        return rows.Count;
    }

    /// <summary>
    /// The colleague's voice, in long form (measure, group, count, of, %): the same numbers, rounded the same way, as the
    /// dashboard's voice section for the same weeks and quarter.
    /// </summary>
    private static async Task<int> WriteVoiceAsync(ISheetSink sink, VoiceNumbers.Model v, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        object? Avg(VoiceNumbers.Rate r) => r.AverageUsefulness;
        void Rate(string measure, object group, VoiceNumbers.Rate r) =>
            rows.Add([W(measure), group, r.Confirmed, r.Asked, r.Asked == 0 ? null : Percent.Whole(VoiceNumbers.Points(r.ConfirmationRate)), Avg(r)]);

        Rate("Confirmation rate", W("All actions"), v.Total);
        rows.Add([W("Didn't happen"), W("All answers"), v.Total.DidNotHappen, v.Total.Answered,
            v.Total.Answered == 0 ? null : Percent.Whole(VoiceNumbers.Points(v.Total.DidNotHappenShare)), null]);
        foreach (var (week, r) in v.Weeks)
        {
            Rate("Confirmation rate by week", week, r);
        }

        foreach (var (kind, r) in v.Kinds)
        {
            Rate("Confirmation rate by action", Pledge.ActionKinds.Label(kind), r);
        }

        foreach (var (department, r) in v.Departments)
        {
            Rate("Confirmation rate by department", W(department), r);
        }

        foreach (var q in new[] { v.Latest, v.Earlier })
        {
            foreach (var (side, n) in new[] { (W("Mentors"), q.Mentors), (W("Colleagues"), q.Colleagues) })
            {
                rows.Add([W("Pulse {0}: agree", q.Quarter.Label), n.Shown ? side : W("{0} (fewer than {1} answers: not shown)", side, n.MinGroupSize),
                    n.Shown ? n.Agree : null, n.Shown ? n.Answers : null, n.AgreeShare is { } share ? Percent.Whole(VoiceNumbers.Points(share)) : null, null]);
            }

            rows.Add([W("Perception gap {0}", q.Quarter.Label), W("Mentors minus colleagues, in points"), q.GapPoints, null, null, null]);
        }

        await sink.StartSheetAsync(W("Voice"), [W("Measure"), W("Group"), W("Count"), W("Of"), W("%"), W("Average usefulness")], ct);
        foreach (var row in rows)
        {
            await sink.RowAsync(row, ct);
        }

        return rows.Count;
    }

    /// <summary>What each number in the workbook means and which sheets show it: the catalogue the pages' disclosures come from.</summary>
    private static async Task<int> WriteDefinitionsAsync(ISheetSink sink, CancellationToken ct)
    {
        var definitions = MetricDefinitions.InWorkbook;
        await sink.StartSheetAsync(W("Definitions"), [W("Number"), W("What it means"), W("Sheets")], ct);
        foreach (var d in definitions)
        {
            await sink.RowAsync([W(d.Name), W(d.Sentence), string.Join(", ", d.ShownOn.Where(MetricDefinitions.Sheets.Contains).Select(p => W(p.Replace(" sheet", "", StringComparison.Ordinal))))], ct);
        }

        return definitions.Count;
    }

    private static async Task<int> WriteColleaguesAsync(ISheetSink sink, IAsyncEnumerable<QuarterReport.ColleagueRow> colleagues, CancellationToken ct)
    {
        var rows = 0;
        await sink.StartSheetAsync(W("Colleagues"), [W("Name"), W("Department"), W("Level"), W("Coffees received"), W("Shout-outs received"),
            W("Sponsor notes received"), W("Distinct mentors")], ct);
        await foreach (var c in colleagues.WithCancellation(ct))
        {
            await sink.RowAsync([c.Name, c.Department, c.Level, c.Coffees, c.ShoutOuts, c.SponsorNotes, c.Mentors], ct);
            rows++;
        }

        return rows;
    }

    /// <summary>A sheet's words in the reader's language (the workbook is written in HR's own).</summary>
    private static string W(string text) => Text.Words[text];

    private static string W(string format, params object[] args) => Text.Words[format, args];

    /// <summary>A department as the sheet names it: "No department" in the reader's language, a real one as the directory has it.</summary>
    private static string? Department(string? name) => name == GroupNames.NoDepartment ? W(name) : name;
}
