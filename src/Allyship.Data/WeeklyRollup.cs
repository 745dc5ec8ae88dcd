using System.Linq.Expressions;

namespace Allyship.Web.Data;

/// <summary>
/// The frozen numbers of one mentor's closed week in one program. Written once when the week closes; an edit to that
/// week during its grace period (the following week) rewrites the row, never the emails.
/// </summary>
public sealed class WeeklyRollup
{
    public long Id { get; set; }
    public int ProgramId { get; set; }
    public string MentorId { get; set; } = "";
    public DateOnly WeekStart { get; set; }

    /// <summary>The mentor's department when the week closed: frozen with the numbers, and what the dashboard groups by.</summary>
    public string? Department { get; set; }

    public int Coffees { get; set; }
    public int ShoutOuts { get; set; }
    public int SponsorNotes { get; set; }
    public int Minutes { get; set; }
    public int Colleagues { get; set; }

    /// <summary>
    /// Whether each kind's target was met, judged with that week's targets when the week closed (or was edited in its
    /// grace week): the stored facts that "complete" and the per-kind rates derive from, so history keeps the targets of its time.
    /// </summary>
    public bool CoffeeDone { get; set; }

    public bool ShoutOutDone { get; set; }
    public bool SponsorNoteDone { get; set; }

    /// <summary>A paused week (a pause covered most of it) that was not completed anyway: it neither counts nor breaks a streak.</summary>
    public bool Paused { get; set; }

    /// <summary>Consecutive complete weeks ending with this one, paused weeks skipped.</summary>
    public int Streak { get; set; }

    /// <summary>
    /// Consecutive idle weeks (counted, nothing logged) ending with this one, paused weeks skipped: stored like the streak,
    /// so "lapsed as of this week" is one read (<see cref="PledgeProgram.IsLapsed"/>) whatever the program's setting.
    /// </summary>
    public int IdleWeeks { get; set; }

    public DateTime ComputedUtc { get; set; }

    public KindCounts Counts => new(Coffees, ShoutOuts, SponsorNotes);

    /// <summary>
    /// Week complete, as judged when it closed: every kind's target of that week met. The one home of the rule for
    /// closed weeks, in queries (<c>g.AsQueryable().Count(WeeklyRollup.Completed)</c>) and, through <see cref="Complete"/>,
    /// on a loaded row. (The open week is judged live by <see cref="WeeklyTargets.IsMetBy(KindCounts)"/>, which also sets the flags.)
    /// </summary>
    public static readonly Expression<Func<WeeklyRollup, bool>> Completed = r => r.CoffeeDone && r.ShoutOutDone && r.SponsorNoteDone;

    /// <summary>A counted week: every week but a paused one. The denominator of completion and participation.</summary>
    public static readonly Expression<Func<WeeklyRollup, bool>> Counted = r => !r.Paused;

    /// <summary>
    /// An active week: counted, with anything logged. A paused week is neither active nor idle (nor does it count
    /// toward lapsing): whatever a mentor logs on holiday is thanks, not participation.
    /// </summary>
    public static readonly Expression<Func<WeeklyRollup, bool>> Active = r => !r.Paused && r.Coffees + r.ShoutOuts + r.SponsorNotes > 0;

    private static readonly Func<WeeklyRollup, bool> IsCompleted = Completed.Compile();
    private static readonly Func<WeeklyRollup, bool> IsCountedWeek = Counted.Compile();
    private static readonly Func<WeeklyRollup, bool> IsActiveWeek = Active.Compile();

    /// <summary><see cref="Completed"/>, asked of this row.</summary>
    public bool Complete => IsCompleted(this);

    /// <summary><see cref="Counted"/>, asked of this row.</summary>
    public bool IsCounted => IsCountedWeek(this);

    /// <summary><see cref="Active"/>, asked of this row.</summary>
    public bool IsActive => IsActiveWeek(this);

    /// <summary>Idle: counted, and nothing logged. The weeks lapsing is made of.</summary>
    public bool IsIdle => IsCounted && !IsActive;

    /// <summary>This kind's target of that week met (a fact of the week, paused or not).</summary>
    public bool IsDone(ActionKind kind) => kind switch
    {
        ActionKind.Coffee => CoffeeDone,
        ActionKind.ShoutOut => ShoutOutDone,
        ActionKind.SponsorNote => SponsorNoteDone,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The idle run after this week, given the one before: an active week ends it, a paused week freezes it, an idle week adds one.</summary>
    public int IdleWeeksAfter(int previousIdleWeeks) => IsActive ? 0 : IsIdle ? previousIdleWeeks + 1 : previousIdleWeeks;

    /// <summary>Rewrites this row's numbers with a fresh computation of the same mentor and week.</summary>
    public void CopyNumbersFrom(WeeklyRollup fresh)
    {
        Coffees = fresh.Coffees;
        ShoutOuts = fresh.ShoutOuts;
        SponsorNotes = fresh.SponsorNotes;
        Minutes = fresh.Minutes;
        Colleagues = fresh.Colleagues;
        Department = fresh.Department;
        CoffeeDone = fresh.CoffeeDone;
        ShoutOutDone = fresh.ShoutOutDone;
        SponsorNoteDone = fresh.SponsorNoteDone;
        Paused = fresh.Paused;
        Streak = fresh.Streak;
        IdleWeeks = fresh.IdleWeeks;
        ComputedUtc = fresh.ComputedUtc;
    }
}

/// <summary>A program's week that has been rolled up, and whether its summaries and digest are queued.</summary>
public sealed class ClosedWeek
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public DateOnly WeekStart { get; set; }
    public DateTime ClosedUtc { get; set; }
    public int Mentors { get; set; }
    public int EmailsQueued { get; set; }

    /// <summary>
    /// The targets this week was judged by: the program's when the week closed, kept with it. A grace-week edit and a
    /// re-rollup judge the week by these again, so a later change of the program's targets never rewrites history.
    /// </summary>
    public WeeklyTargets Targets { get; set; } = new();
}
