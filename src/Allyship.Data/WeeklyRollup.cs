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
    public bool Complete { get; set; }
    public bool Paused { get; set; }

    /// <summary>Consecutive complete weeks ending with this one, paused weeks skipped.</summary>
    public int Streak { get; set; }

    public DateTime ComputedUtc { get; set; }

    public KindCounts Counts => new(Coffees, ShoutOuts, SponsorNotes);

    /// <summary>Rewrites this row's numbers with a fresh computation of the same mentor and week.</summary>
    public void CopyNumbersFrom(WeeklyRollup fresh)
    {
        Coffees = fresh.Coffees;
        ShoutOuts = fresh.ShoutOuts;
        SponsorNotes = fresh.SponsorNotes;
        Minutes = fresh.Minutes;
        Colleagues = fresh.Colleagues;
        Department = fresh.Department;
        Complete = fresh.Complete;
        Paused = fresh.Paused;
        Streak = fresh.Streak;
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
}
