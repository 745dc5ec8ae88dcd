namespace Allyship.Web.Data;

/// <summary>In a program or not: a pause is not a status but a period, read from <see cref="Enrolment.Pauses"/>.</summary>
public enum EnrolmentStatus
{
    Active = 1,
    Left = 3,
}

/// <summary>
/// A mentor in a program. Whether they are paused on a day, or in a week, is derived from one source: the
/// <see cref="Pauses"/> they have had. Nothing else stores it, so a pause ends by itself on its last day.
/// </summary>
public sealed class Enrolment : ITimestamped, IMentorOwned
{
    /// <summary>A week counts as paused when a pause covers most of it: at least four of its seven days.</summary>
    public const int PausedWeekMinDays = 4;

    /// <summary>The longest break a mentor may take on their own; an admin may pause for longer.</summary>
    public const int MaxSelfPauseDays = 365;

    public int Id { get; set; }
    public int ProgramId { get; set; }
    public PledgeProgram Program { get; set; } = null!;
    public string MentorId { get; set; } = "";
    public AppUser Mentor { get; set; } = null!;

    public EnrolmentStatus Status { get; set; } = EnrolmentStatus.Active;

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>Every pause this enrolment has had: the one source of "paused on this day" and "paused week".</summary>
    public List<EnrolmentPause> Pauses { get; set; } = [];

    /// <summary>
    /// Still in the program (paused or not): every enrolment but one that has left. The one home of that rule for
    /// queries; <see cref="HasLeft"/> asks it of one loaded enrolment.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<Enrolment, bool>> InProgram = e => e.Status != EnrolmentStatus.Left;

    private static readonly Func<Enrolment, bool> IsInProgram = InProgram.Compile();

    /// <summary>
    /// In the program at <paramref name="utc"/>: enrolled before it and, if it has left since, left at or after it. The one
    /// home of "whose week is rolled up" (<paramref name="utc"/> is the week's end): closing a week, a grace-week edit and
    /// rolling a closed week up again all find the same mentors, so a mentor who leaves keeps her earlier weeks, as the
    /// reports promise. A left enrolment's <see cref="UpdatedUtc"/> is when it left: leaving is its last change (re-enrolling,
    /// the only change after it, puts it back in the program).
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<Enrolment, bool>> InProgramAt(DateTime utc) =>
        InProgram.Or(e => e.UpdatedUtc >= utc).And(e => e.CreatedUtc < utc);

    /// <summary>Left the program: <see cref="InProgram"/>, the one rule, asked of one loaded enrolment.</summary>
    public bool HasLeft => !IsInProgram(this);

    /// <summary>The pause covering <paramref name="day"/>, or null: on the day after its last day the mentor is active again.</summary>
    public EnrolmentPause? PauseOn(DateOnly day) =>
        HasLeft ? null : Pauses.Where(p => p.Covers(day)).MaxBy(p => p.EndsOn);

    /// <summary>Paused on this day (no reminders, no nudges).</summary>
    public bool IsPausedOn(DateOnly day) => PauseOn(day) is not null;

    /// <summary>The week starting <paramref name="monday"/> is paused: it neither counts nor breaks a streak.</summary>
    public bool IsPausedWeek(DateOnly monday) =>
        Pauses.Any(p => p.DaysWithin(monday, monday.AddDays(6)) >= PausedWeekMinDays);

    /// <summary>Pauses from today to <paramref name="lastDay"/> (inclusive), extending a pause already under way.</summary>
    public void Pause(DateOnly today, DateOnly lastDay)
    {
        var current = PauseOn(today);
        if (current is null)
        {
            Pauses.Add(new EnrolmentPause { StartsOn = today, EndsOn = lastDay });
        }
        else
        {
            current.EndsOn = lastDay;
        }

        Touch();
    }

    /// <summary>Ends any pause today (yesterday was its last day); one not begun yet is dropped.</summary>
    public void Resume(DateOnly today)
    {
        foreach (var pause in Pauses.Where(p => p.EndsOn >= today).ToList())
        {
            if (pause.StartsOn >= today)
            {
                Pauses.Remove(pause); // a required relationship: EF deletes the orphan
            }
            else
            {
                pause.EndsOn = today.AddDays(-1);
            }
        }

        Status = EnrolmentStatus.Active;
        Touch();
    }

    /// <summary>Leaves the program today: no more reminders or rollups; history stays in past reports.</summary>
    public void Leave(DateOnly today)
    {
        Resume(today);
        Status = EnrolmentStatus.Left;
    }

    /// <summary>A pause is a change of the enrolment: its UpdatedUtc moves, which is what caches of enrolments key on.</summary>
    private void Touch() => UpdatedUtc = default;
}

/// <summary>A holiday or other break, from its first to its last day (both included).</summary>
public sealed class EnrolmentPause
{
    public int Id { get; set; }
    public int EnrolmentId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }

    public bool Covers(DateOnly day) => StartsOn <= day && day <= EndsOn;

    /// <summary>How many days from <paramref name="from"/> to <paramref name="to"/> (both included) this pause covers.</summary>
    public int DaysWithin(DateOnly from, DateOnly to)
    {
        var start = StartsOn > from ? StartsOn : from;
        var end = EndsOn < to ? EndsOn : to;
        return end < start ? 0 : end.DayNumber - start.DayNumber + 1;
    }
}
