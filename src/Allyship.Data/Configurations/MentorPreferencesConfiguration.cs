using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class MentorPreferencesConfiguration : IEntityTypeConfiguration<MentorPreferences>
{
    public void Configure(EntityTypeBuilder<MentorPreferences> builder)
    {
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.TimeZoneId).HasMaxLength(64);
        builder.ComplexProperty(p => p.Reminders, ReminderScheduleColumns.Map);
        builder.HasOne<AppUser>().WithOne().HasForeignKey<MentorPreferences>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
