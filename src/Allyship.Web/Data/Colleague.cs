namespace Allyship.Web.Data;

/// <summary>A person in the organisation's directory: who receives coffees, shout-outs and sponsor notes.</summary>
public sealed class Colleague
{
    public const int NameMaxLength = 120;
    public const int EmailMaxLength = 254;
    public const int DepartmentMaxLength = 120;
    public const int LevelMaxLength = 60;

    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Stored lower-case and trimmed; unique, so one email never makes two colleagues.</summary>
    public string Email { get; set; } = "";

    public string? Department { get; set; }
    public string? Level { get; set; }

    /// <summary>From the HR directory import; kept for reports on who sponsors whom.</summary>
    public string? ManagerEmail { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
