namespace Allyship.Web.Data;

public enum EnrolmentStatus
{
    Active = 1,
    Paused = 2,
    Left = 3,
}

/// <summary>A mentor in a program.</summary>
public sealed class Enrolment
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public PledgeProgram Program { get; set; } = null!;
    public string MentorId { get; set; } = "";
    public AppUser Mentor { get; set; } = null!;

    public EnrolmentStatus Status { get; set; } = EnrolmentStatus.Active;

    /// <summary>Set while paused: the last day of the pause (inclusive).</summary>
    public DateOnly? PausedUntil { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>Every pause this enrolment has had, so history can skip paused weeks without breaking a streak.</summary>
    public List<EnrolmentPause> Pauses { get; set; } = [];

    /// <summary>Pauses from today to <paramref name="lastDay"/> (inclusive), extending a pause already under way.</summary>
    public void Pause(DateOnly today, DateOnly lastDay)
    {
        Status = EnrolmentStatus.Paused;
        PausedUntil = lastDay;
        var current = Pauses.FirstOrDefault(p => p.StartsOn <= today && p.EndsOn >= today);
        if (current is null)
        {
            Pauses.Add(new EnrolmentPause { StartsOn = today, EndsOn = lastDay });
        }
        else
        {
            current.EndsOn = lastDay;
        }
    }

    /// <summary>Ends any pause today (yesterday was its last day; one not begun yet is dropped) and sets the new status.</summary>
    public void EndPause(DateOnly today, EnrolmentStatus status)
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

        Status = status;
        PausedUntil = null;
    }
}

/// <summary>A holiday or other break: weeks it covers neither count nor break the streak.</summary>
public sealed class EnrolmentPause
{
    public int Id { get; set; }
    public int EnrolmentId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
}
