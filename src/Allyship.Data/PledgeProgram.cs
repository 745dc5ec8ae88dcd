namespace Allyship.Web.Data;

/// <summary>
/// A "Program" in the product's words. Named PledgeProgram in code because <c>Program</c> is the app's entry point.
/// </summary>
public sealed class PledgeProgram : ITimestamped
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 2000;
    public const int TargetLevelsMaxLength = 300;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>IANA time zone id, for example <c>Europe/London</c>. Pledge weeks are computed in it.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    public WeeklyTargets Targets { get; set; } = new();

    /// <summary>The reminder schedule of mentors who have not chosen their own (<see cref="MentorPreferences.ScheduleWith"/>).</summary>
    public ReminderSchedule Reminders { get; set; } = ReminderSchedule.Default;

    public const int DefaultLapsedAfterWeeks = 2;
    public const int MinLapsedAfterWeeks = 1;
    public const int MaxLapsedAfterWeeks = 12;

    /// <summary>
    /// How many counted weeks in a row with nothing logged make a mentor lapsed (paused weeks skipped). Two by default:
    /// one quiet week is a busy week, two in a row is a habit slipping, and the nudge still reaches the mentor before a
    /// third (the dashboard and the digest both promised "two weeks or more" before this was a setting).
    /// </summary>
    public int LapsedAfterWeeks { get; set; } = DefaultLapsedAfterWeeks;

    /// <summary>
    /// Lapsed: the one home of the rule, for the dashboard and the admin digest. <paramref name="idleWeeks"/> is the
    /// mentor's idle run (<see cref="WeeklyRollup.IdleWeeks"/>: counted weeks in a row with nothing logged, paused weeks
    /// skipped); <paramref name="latest"/> is the week the question is asked in: the digest's closed week (whose row the
    /// run includes), or the dashboard's open week (whose silence counts only once it ends). A mentor who has logged in
    /// it, or is paused in it, has not lapsed: a paused week is neither active nor lapsed.
    /// </summary>
    public bool IsLapsed(int idleWeeks, WeeklyRollup latest) => latest.IsIdle && idleWeeks >= LapsedAfterWeeks;

    /// <summary>Monday to Friday, one bit per <see cref="DayOfWeek"/> (Sunday is bit 0): the default working days.</summary>
    public const int WeekdaysMask = 0b0111110;

    /// <summary>
    /// The program's working days, one bit per <see cref="DayOfWeek"/> (Sunday = bit 0): coffee plans default to the next
    /// one and a plan on another day asks first (issue 35). Monday to Friday unless the program works otherwise.
    /// </summary>
    public int WorkingDays { get; set; } = WeekdaysMask;

    /// <summary>Office hours in the program's zone, from <see cref="OfficeOpens"/> to <see cref="OfficeCloses"/>: 09:00 to 17:00 by default.</summary>
    public TimeOnly OfficeOpens { get; set; } = new(9, 0);

    public TimeOnly OfficeCloses { get; set; } = new(17, 0);

    /// <summary>When a week closes, colleagues named in its actions are asked by email whether they happened. Off for new programs.</summary>
    public bool AskColleaguesToConfirm { get; set; }

    /// <summary>The quarterly allyship pulse: mentors and named colleagues answer one question in each quarter's first weeks.</summary>
    public bool AskPulse { get; set; }

    /// <summary>
    /// The directory levels the program is for, comma-separated (e.g. "Associate, Analyst, Manager"): whom the spread
    /// counts as in reach, and who can be overlooked. Empty: every level.
    /// </summary>
    public string? TargetLevels { get; set; }

    /// <summary>Mentors see, above their log forms, colleagues at the target levels nobody has sponsored lately.</summary>
    public bool SuggestColleagues { get; set; }

    /// <summary>The target levels as a list, trimmed, case kept; empty when every level counts.</summary>
    public IReadOnlyList<string> TargetLevelList =>
        string.IsNullOrWhiteSpace(TargetLevels) ? [] : TargetLevels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public const int ChatChannelMaxLength = 80;
    public const int ChatWebhookMaxLength = 4000;

    /// <summary>The Slack or Teams incoming-webhook URL shout-outs may be posted to, encrypted (never shown back in full).</summary>
    public string? ChatWebhook { get; set; }

    public ChatService? ChatService { get; set; }

    /// <summary>What the log form calls the channel: "Post it in #kudos".</summary>
    public string? ChatChannel { get; set; }

    /// <summary>Whether mentors may post their shout-outs to the team's chat.</summary>
    public bool PostsToChat => ChatWebhook is not null && ChatService is not null;

    /// <summary>Set when an admin archives the program: no reminders, no rollups, hidden from mentors' pickers.</summary>
    public DateTime? ArchivedUtc { get; set; }

    /// <summary>
    /// The one home of "the program is live" (not archived): jobs, pickers, invitations and pages ask this, in queries
    /// directly or through a navigation (<see cref="RuleExpressions.Through{TOuter, TInner}"/>); <see cref="IsLive"/> asks it of a loaded program.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<PledgeProgram, bool>> Live = p => p.ArchivedUtc == null;

    private static readonly Func<PledgeProgram, bool> IsLiveProgram = Live.Compile();

    public bool IsLive => IsLiveProgram(this);

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public List<Enrolment> Enrolments { get; set; } = [];
}

/// <summary>How many of each action a mentor commits to per week, and the minutes each one counts by default.</summary>
public sealed class WeeklyTargets
{
    public int Coffees { get; set; } = 1;
    public int ShoutOuts { get; set; } = 1;
    public int SponsorNotes { get; set; } = 1;

    public int CoffeeMinutes { get; set; } = 30;
    public int ShoutOutMinutes { get; set; } = 5;
    public int SponsorNoteMinutes { get; set; } = 1;

    public int CountFor(ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Coffees,
        ActionKind.ShoutOut => ShoutOuts,
        ActionKind.SponsorNote => SponsorNotes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public int DefaultMinutesFor(ActionKind kind) => kind switch
    {
        ActionKind.Coffee => CoffeeMinutes,
        ActionKind.ShoutOut => ShoutOutMinutes,
        ActionKind.SponsorNote => SponsorNoteMinutes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>One kind's part of the week is done: at least its target count (a target of zero is always met).</summary>
    public bool IsMetBy(ActionKind kind, int count) => count >= CountFor(kind);

    /// <summary>Week complete: every target of that week met. The one statement of the rule, for pages, jobs, dashboards and reports.</summary>
    public bool IsMetBy(KindCounts counts) =>
        IsMetBy(ActionKind.Coffee, counts.Coffees) && IsMetBy(ActionKind.ShoutOut, counts.ShoutOuts) && IsMetBy(ActionKind.SponsorNote, counts.SponsorNotes);

    /// <summary>A copy, for a closed week to keep (<see cref="ClosedWeek.Targets"/>) whatever later happens to the program's.</summary>
    public WeeklyTargets Copy() => (WeeklyTargets)MemberwiseClone();

    /// <summary>The week's minutes goal: 36 with the defaults.</summary>
    public int TotalMinutes => (Coffees * CoffeeMinutes) + (ShoutOuts * ShoutOutMinutes) + (SponsorNotes * SponsorNoteMinutes);
}

/// <summary>How many actions of each kind: one mentor's week, or a group's.</summary>
public readonly record struct KindCounts(int Coffees, int ShoutOuts, int SponsorNotes)
{
    public int Of(ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Coffees,
        ActionKind.ShoutOut => ShoutOuts,
        ActionKind.SponsorNote => SponsorNotes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public int Total => Coffees + ShoutOuts + SponsorNotes;
}
