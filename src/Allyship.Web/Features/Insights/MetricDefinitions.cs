namespace Allyship.Web.Features.Insights;

/// <summary>One number the app shows or exports: its words for the people who read it, the code that computes it, where it appears.</summary>
/// <param name="Id">Stable, for links and tests (<c>data-metric</c> on the pages that show it).</param>
/// <param name="Name">What the number is called on pages and sheets.</param>
/// <param name="Sentence">What it means, in the product's words (PRODUCT.md): no code names, no settings keys.</param>
/// <param name="Code">The one home of its rule and the members that compute it (<c>Type.Member</c>; checked to exist by a unit test).</param>
/// <param name="ShownOn">The pages, emails and sheets that show it (<see cref="MetricDefinitions"/>'s place names).</param>
public sealed record MetricDefinition(string Id, string Name, string Sentence, IReadOnlyList<string> Code, IReadOnlyList<string> ShownOn)
{
    public bool IsShownOn(string place) => ShownOn.Contains(place, StringComparer.Ordinal);
}

/// <summary>
/// Every number the app shows or exports, defined once (CONVENTIONS.md rule 21). The dashboard's and the report preview's
/// <i>What these numbers mean</i>, the workbook's Definitions sheet and docs/metrics.md's table are drawn from this list
/// (the docs are checked against it by MetricDefinitionsTests).
/// </summary>
public static class MetricDefinitions
{
    public const string Dashboard = "Program dashboard";
    public const string Digest = "Admin digest email";
    public const string Preview = "Quarterly report preview";
    public const string MentorPages = "This week and History";
    public const string SummaryEmail = "Mentor's weekly summary email";
    public const string SummarySheet = "Summary sheet";
    public const string WeeksSheet = "Weeks sheet";
    public const string MentorsSheet = "Mentors sheet";
    public const string DepartmentsSheet = "Departments sheet";
    public const string ColleaguesSheet = "Colleagues sheet";
    public const string LevelsSheet = "Levels sheet";
    public const string SpreadSheet = "Spread sheet";
    public const string VoiceSheet = "Voice sheet";
    public const string OutcomesSheet = "Outcomes sheet";

    /// <summary>The workbook's data sheets, in order (the Definitions sheet explains them).</summary>
    public static readonly IReadOnlyList<string> Sheets =
        [SummarySheet, WeeksSheet, MentorsSheet, DepartmentsSheet, ColleaguesSheet, LevelsSheet, SpreadSheet, VoiceSheet, OutcomesSheet];

    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        new("enrolled", "Mentors enrolled",
            "Mentors in the program who have not left, paused ones included. On the dashboard and in the digest: today. In a report: every mentor with at least one week in the quarter.",
            ["Dashboard.Model.Enrolled", "RollupEmails.DigestNumbers.Enrolled", "QuarterReport.Summary.Enrolled", "QuarterReport.DepartmentRow.Mentors"],
            [Dashboard, Digest, Preview, SummarySheet, DepartmentsSheet]),
        new("paused", "Paused",
            "Enrolled mentors on a pause today (a holiday, leave): no reminders, and their paused weeks count neither for nor against them.",
            ["Enrolment.IsPausedOn", "Dashboard.Model.Paused", "RollupEmails.DigestNumbers.Paused"],
            [Dashboard, Digest]),
        new("counted-weeks", "Mentor-weeks counted",
            "Every week of every enrolled mentor except a paused one (a pause covering at least four of its seven days): what completion and participation are shares of.",
            ["WeeklyRollup.Counted", "WeeklyRollup.IsCounted", "Enrolment.IsPausedWeek", "Dashboard.WeekRow.Counted", "QuarterReport.WeekRow.Counted"],
            [Dashboard, Digest, Preview, SummarySheet, WeeksSheet, MentorsSheet, DepartmentsSheet, LevelsSheet]),
        new("active", "Active",
            "A mentor is active in a week when the week counts and they logged anything in it. The dashboard shows who is active this week; the digest, in the week it reports on; a report, mentors active in at least one week of the quarter.",
            ["WeeklyRollup.Active", "WeeklyRollup.IsActive", "Dashboard.Model.ActiveThisWeek", "Dashboard.WeekRow.Active", "RollupEmails.DigestNumbers.Active", "QuarterReport.Summary.Active"],
            [Dashboard, Digest, Preview, SummarySheet]),
        new("participation", "Participation",
            "Active mentors as a share of the mentors counted that week (the digest's “logged something”).",
            ["RollupEmails.DigestNumbers.ParticipationPercent"],
            [Digest]),
        new("lapsed", "Lapsed mentors",
            "Mentors who have logged nothing for the program's number of weeks (two unless its settings say otherwise), paused weeks aside, and nothing yet this week. Logging anything, or a pause, ends a lapse at once.",
            ["PledgeProgram.IsLapsed", "PledgeProgram.LapsedAfterWeeks", "WeeklyRollup.IdleWeeks", "Dashboard.Model.LapsedCount", "RollupEmails.DigestNumbers.Lapsed"],
            [Dashboard, Digest]),
        new("complete-week", "Week complete",
            "A mentor's week is complete when every target of that week was met (by default one coffee, one shout-out and one sponsor note: 36 minutes). A closed week keeps the targets it closed with: a later change of the program's targets applies to the weeks after it, and an edit in the grace week or a re-rollup judges the week again by its own targets; a paused week completed anyway counts as complete.",
            ["WeeklyTargets.IsMetBy", "WeeklyRollup.Completed", "WeeklyRollup.Complete", "RollupCalculator.Row", "ClosedWeek.Targets"],
            [Dashboard, Digest, Preview, MentorPages, SummaryEmail, SummarySheet, WeeksSheet, MentorsSheet, DepartmentsSheet]),
        new("completion-rate", "Completion rate",
            "Complete weeks as a share of the mentor-weeks counted, in the period or quarter (per week in the week-by-week tables).",
            ["Dashboard.Model.Completion", "Dashboard.WeekRow.CompletionRate", "RollupEmails.DigestNumbers.CompletionPercent", "QuarterReport.Summary.CompletionRate", "QuarterReport.WeekRow.CompletionRate", "QuarterReport.MentorRow.CompletionRate", "QuarterReport.DepartmentRow.CompletionRate"],
            [Dashboard, Digest, Preview, SummarySheet, WeeksSheet, MentorsSheet, DepartmentsSheet]),
        new("streak", "Streak",
            "Complete weeks in a row, up to the last one; paused weeks are skipped, they do not break it.",
            ["Streaks.After", "Streaks.Compute", "WeeklyRollup.Streak"],
            [MentorPages, SummaryEmail]),
        new("minutes", "Minutes",
            "The minutes of every action logged for the weeks shown (coffee 30, shout-out 5, sponsor note 1 unless the mentor changed them). A week counts in the period or quarter holding its Monday.",
            ["Dashboard.Model.Minutes", "Dashboard.WeekRow.Minutes", "RollupEmails.DigestNumbers.Minutes", "QuarterReport.Summary.Minutes", "WeeklyRollup.Minutes"],
            [Dashboard, Digest, Preview, MentorPages, SummaryEmail, SummarySheet, WeeksSheet, MentorsSheet, DepartmentsSheet]),
        new("by-level", "Actions and minutes by level",
            "Coffees are interpersonal allyship, shout-outs public and sponsor notes systemic: for each, the actions logged, their minutes, and the share of mentor-weeks counted that met its target.",
            ["QuarterReport.Handler.LevelsAsync", "QuarterReport.LevelRow.CompletionRate", "Dashboard.Model.KindRate", "ActionKinds.Level"],
            [Dashboard, Preview, LevelsSheet, MentorsSheet, DepartmentsSheet]),
        new("reach", "Colleagues reached",
            "Distinct colleagues who received a coffee, a shout-out or a sponsor note in the weeks shown, each counted once however much she received (by a kind: those who received that kind).",
            ["Dashboard.Reach", "QuarterReport.Summary.Reach", "SpreadNumbers.Model.Reached", "QuarterReport.MentorRow.Colleagues", "QuarterReport.DepartmentRow.Colleagues"],
            [Dashboard, Preview, SummarySheet, MentorsSheet, DepartmentsSheet, SpreadSheet]),
        new("received", "Received, per colleague",
            "For each colleague reached in the quarter: the coffees, shout-outs and sponsor notes she received, and from how many mentors. A colleague who asked not to be named is “a colleague”, without department or level.",
            ["QuarterReport.ColleagueRow", "QuarterReport.Handler.ColleaguesAsync"],
            [ColleaguesSheet]),
        new("confirmation-rate", "Confirmation rate",
            "Actions the colleague confirmed happened, as a share of the actions she was asked about; a question not answered counts as not confirmed.",
            ["VoiceNumbers.Rate.ConfirmationRate"],
            [Dashboard, Preview, VoiceSheet]),
        new("didnt-happen", "“It didn't happen”",
            "Answers saying the action did not happen, as a share of the answers given (unanswered questions left out).",
            ["VoiceNumbers.Rate.DidNotHappenShare"],
            [Dashboard, Preview, VoiceSheet]),
        new("usefulness", "Usefulness",
            "The average of colleagues' answers to “how useful was it?” (1 to 5), over the answers that gave one, to one decimal.",
            ["VoiceNumbers.Rate.AverageUsefulness"],
            [Dashboard, VoiceSheet]),
        new("pulse-agree", "Pulse: who agree",
            "In the quarterly pulse, the share of mentors who agree “I actively supported the careers of women colleagues”, and of colleagues who agree “senior leaders here actively supported my career”. Not shown for a side with fewer answers than the smallest group reported.",
            ["VoiceNumbers.PulseSideNumbers.AgreeShare", "SmallGroups.Shows"],
            [Dashboard, Preview, VoiceSheet]),
        new("perception-gap", "Perception gap",
            "Mentors who agree minus colleagues who agree, in percentage points, in the same quarter's pulse (77% against 41% is a gap of 36 points).",
            ["VoiceNumbers.PulseQuarter.GapPoints"],
            [Dashboard, Preview, VoiceSheet]),
        new("gini", "Gini of sponsor notes",
            "How evenly sponsor notes are spread over the colleagues reached: 0 when each received the same number, close to 1 when one colleague received them all.",
            ["SpreadNumbers.Gini"],
            [Dashboard, Preview, SpreadSheet]),
        new("top-tenth", "Share to the top 10%",
            "The share of sponsor notes (or shout-outs) that went to the tenth of colleagues reached who received the most.",
            ["SpreadNumbers.TopTenthShare"],
            [Dashboard, Preview, SpreadSheet]),
        new("sponsor-note-spread", "Colleagues by sponsor notes received",
            "Colleagues reached, counted by how many sponsor notes each received in the weeks shown.",
            ["SpreadNumbers.Model.Distribution"],
            [Dashboard, SpreadSheet]),
        new("target-levels-reached", "Target levels reached",
            "Colleagues in the directory at the program's target levels (every level when none are set) who received anything in the weeks shown, of all of them.",
            ["SpreadNumbers.Model.AtTargetLevelsReached", "SpreadNumbers.Model.AtTargetLevels"],
            [Dashboard, Preview, SpreadSheet]),
        new("overlooked", "Overlooked colleagues",
            "Colleagues at the target levels with no shout-out and no sponsor note in the last 12 weeks (to this week on the dashboard, to the quarter's end in a report). Colleagues who asked not to be named are never listed.",
            ["SpreadNumbers.Model.OverlookedCount", "SpreadNumbers.Model.OverlookedByDepartment"],
            [Dashboard, Preview, SpreadSheet]),
        new("outcome-rates", "Promotion and exit rates",
            "Over the last four quarters, each colleague counts once per quarter in a group by the sponsor notes she received in the four quarters before it (none, some, sustained); a rate is the share of those colleague-quarters with a promotion, or an exit. Correlation, not proof. Not shown for a group with fewer colleagues than the smallest group reported.",
            ["OutcomeNumbers.Compute", "OutcomeNumbers.GroupRow.PromotionRate", "OutcomeNumbers.GroupRow.ExitRate"],
            [Preview, OutcomesSheet]),
        new("small-groups", "Small groups",
            "In HR's report, and in the colleagues' answers and the overlooked colleagues by department, departments with fewer mentors (or colleagues) than the smallest group reported are merged into one “Other departments” row, with as many more as it takes for that row to reach the minimum too; when even everything together is below it, the row is not shown. The dashboard's own table by department names every department: program admins see each mentor's weeks.",
            ["SmallGroups.Merge", "SmallGroups.Shows"],
            [Dashboard, Preview, DepartmentsSheet, MentorsSheet, SpreadSheet, VoiceSheet, OutcomesSheet]),
    ];

    /// <summary>The numbers a page, email or sheet shows, in the catalogue's order.</summary>
    public static IReadOnlyList<MetricDefinition> On(string place) => All.Where(d => d.IsShownOn(place)).ToList();

    /// <summary>The numbers of the workbook: every one a data sheet shows.</summary>
    public static IReadOnlyList<MetricDefinition> InWorkbook => All.Where(d => d.ShownOn.Any(Sheets.Contains)).ToList();

    /// <summary>The table docs/metrics.md holds between its markers, written from this list.</summary>
    public static string MarkdownTable()
    {
        var lines = new List<string>
        {
            "| number | what it means | computed by | shown on |",
            "|---|---|---|---|",
        };
        lines.AddRange(All.Select(d =>
            $"| {d.Name} (`{d.Id}`) | {d.Sentence.Replace("|", "\\|", StringComparison.Ordinal)} | {string.Join(", ", d.Code.Select(c => $"`{c}`"))} | {string.Join(", ", d.ShownOn)} |"));
        return string.Join('\n', lines) + "\n";
    }
}
