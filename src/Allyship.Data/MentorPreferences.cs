namespace Allyship.Web.Data;

/// <summary>A mentor's reminder and email settings. No row means every default.</summary>
public sealed class MentorPreferences : IHasUpdatedUtc
{
    public string UserId { get; set; } = "";

    /// <summary>IANA zone for reminder times; null uses the program's zone.</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>True until the mentor saves their own times: then the program's schedule applies.</summary>
    public bool UseProgramSchedule { get; set; } = true;

    public DayOfWeek ReminderDay { get; set; } = DayOfWeek.Wednesday;
    public TimeOnly ReminderTime { get; set; } = new(10, 0);

    public bool LastCallEnabled { get; set; } = true;
    public DayOfWeek LastCallDay { get; set; } = DayOfWeek.Friday;
    public TimeOnly LastCallTime { get; set; } = new(15, 0);

    public bool ReceiveReminders { get; set; } = true;
    public bool ReceiveWeeklySummary { get; set; } = true;
    public bool ReceiveAdminDigest { get; set; } = true;

    public DateTime UpdatedUtc { get; set; }

    public bool Receives(EmailCategory category) => category switch
    {
        EmailCategory.Reminders => ReceiveReminders,
        EmailCategory.WeeklySummary => ReceiveWeeklySummary,
        EmailCategory.AdminDigest => ReceiveAdminDigest,
        _ => true,
    };

    public void Unsubscribe(EmailCategory category)
    {
        switch (category)
        {
            case EmailCategory.Reminders: ReceiveReminders = false; break;
            case EmailCategory.WeeklySummary: ReceiveWeeklySummary = false; break;
            case EmailCategory.AdminDigest: ReceiveAdminDigest = false; break;
            case EmailCategory.All:
                ReceiveReminders = false;
                ReceiveWeeklySummary = false;
                ReceiveAdminDigest = false;
                break;
        }
    }
}

/// <summary>What a person can opt out of, one category per email kind that has an unsubscribe link.</summary>
public enum EmailCategory
{
    Reminders = 1,
    WeeklySummary = 2,
    AdminDigest = 3,
    All = 9,
}
