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
}

/// <summary>A holiday or other break: weeks it covers neither count nor break the streak.</summary>
public sealed class EnrolmentPause
{
    public int Id { get; set; }
    public int EnrolmentId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
}
