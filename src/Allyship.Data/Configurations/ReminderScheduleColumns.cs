using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

/// <summary>
/// A <see cref="ReminderSchedule"/> in its owner's table (programs and mentor preferences alike): the five columns keep
/// the names they had before the schedule became one value, so the tables did not change.
/// </summary>
internal static class ReminderScheduleColumns
{
    public static void Map(ComplexPropertyBuilder<ReminderSchedule> schedule)
    {
        schedule.Property(s => s.ReminderDay).HasColumnName("ReminderDay");
        schedule.Property(s => s.ReminderTime).HasColumnName("ReminderTime");
        schedule.Property(s => s.LastCallEnabled).HasColumnName("LastCallEnabled");
        schedule.Property(s => s.LastCallDay).HasColumnName("LastCallDay");
        schedule.Property(s => s.LastCallTime).HasColumnName("LastCallTime");
    }
}
