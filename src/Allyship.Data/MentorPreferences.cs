namespace Allyship.Web.Data;

/// <summary>A mentor's reminder and email settings. No row means every default.</summary>
public sealed class MentorPreferences : IHasUpdatedUtc
{
    public string UserId { get; set; } = "";

    /// <summary>IANA zone for reminder times; null uses the program's zone.</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>True until the mentor saves their own times: until then the program's schedule applies.</summary>
    public bool UseProgramSchedule { get; set; } = true;

    /// <summary>Her own times; they apply once she chose them (<see cref="ScheduleWith"/>).</summary>
    public ReminderSchedule Reminders { get; set; } = ReminderSchedule.Default;

    /// <summary>The schedule her reminders follow in a program: the program's until she chose her own.</summary>
    public ReminderSchedule ScheduleWith(ReminderSchedule program) => UseProgramSchedule ? program : Reminders;

    public bool ReceiveReminders { get; set; } = true;

    /// <summary>Where reminders go; Slack applies only while her Slack account is linked (else email).</summary>
    public ReminderChannel ReminderChannel { get; set; } = ReminderChannel.Email;

    /// <summary>
    /// With notifications on in at least one browser (<see cref="PushDevice"/>), reminders come as notifications and not
    /// by email; false (the default) sends both. Without a device, email as before.
    /// </summary>
    public bool NotificationsInsteadOfEmail { get; set; }
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
