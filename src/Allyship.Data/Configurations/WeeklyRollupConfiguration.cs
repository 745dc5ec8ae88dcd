using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class WeeklyRollupConfiguration : IEntityTypeConfiguration<WeeklyRollup>
{
    public void Configure(EntityTypeBuilder<WeeklyRollup> builder)
    {
        // One row per program, mentor and week, whatever runs the job twice.
        builder.HasIndex(r => new { r.ProgramId, r.MentorId, r.WeekStart }).IsUnique();
        builder.Property(r => r.Department).HasMaxLength(Colleague.DepartmentMaxLength);
        // The dashboard's and the quarterly report's reads: a program's weeks, grouped by week, department or mentor,
        // answered from the index alone.
        builder.HasIndex(r => new { r.ProgramId, r.WeekStart, r.Department, r.Paused, r.CoffeeDone, r.ShoutOutDone, r.SponsorNoteDone, r.Minutes, r.Coffees, r.ShoutOuts, r.SponsorNotes, r.MentorId })
            .HasDatabaseName("IX_WeeklyRollups_Dashboard");
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(r => r.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.MentorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClosedWeekConfiguration : IEntityTypeConfiguration<ClosedWeek>
{
    public void Configure(EntityTypeBuilder<ClosedWeek> builder)
    {
        builder.HasIndex(c => new { c.ProgramId, c.WeekStart }).IsUnique();
        builder.ComplexProperty(c => c.Targets, WeeklyTargetsColumns.Map);
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(c => c.ProgramId).OnDelete(DeleteBehavior.Cascade);
    }
}
