using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class PledgeProgramConfiguration : IEntityTypeConfiguration<PledgeProgram>
{
    public void Configure(EntityTypeBuilder<PledgeProgram> builder)
    {
        builder.ToTable("Programs");
        builder.Property(p => p.Name).HasMaxLength(PledgeProgram.NameMaxLength).IsRequired();
        builder.Property(p => p.Description).HasMaxLength(PledgeProgram.DescriptionMaxLength);
        builder.Property(p => p.TargetLevels).HasMaxLength(PledgeProgram.TargetLevelsMaxLength);
        builder.Ignore(p => p.TargetLevelList);
        builder.Ignore(p => p.PostsToChat);
        builder.Property(p => p.ChatWebhook).HasMaxLength(PledgeProgram.ChatWebhookMaxLength);
        builder.Property(p => p.ChatChannel).HasMaxLength(PledgeProgram.ChatChannelMaxLength);
        builder.Property(p => p.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.ComplexProperty(p => p.Targets, WeeklyTargetsColumns.Map);
        builder.ComplexProperty(p => p.Reminders, ReminderScheduleColumns.Map);
    }
}
