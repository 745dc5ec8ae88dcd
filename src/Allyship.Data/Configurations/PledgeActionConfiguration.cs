using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class PledgeActionConfiguration : IEntityTypeConfiguration<PledgeAction>
{
    public void Configure(EntityTypeBuilder<PledgeAction> builder)
    {
        builder.ToTable("Actions");
        builder.Property(a => a.Topics).HasMaxLength(PledgeAction.LongTextMaxLength);
        builder.Property(a => a.PrivateNotes).HasMaxLength(PledgeAction.PrivateNotesStoredMaxLength);
        builder.Property(a => a.Achievement).HasMaxLength(PledgeAction.LongTextMaxLength);
        builder.Property(a => a.WhereGiven).HasMaxLength(PledgeAction.ShortTextMaxLength);
        builder.Property(a => a.SeniorLeader).HasMaxLength(PledgeAction.ShortTextMaxLength);
        builder.Property(a => a.Accomplishment).HasMaxLength(PledgeAction.LongTextMaxLength);

        // The mentor's week page and the weekly rollup read by program, mentor and week.
        builder.HasIndex(a => new { a.ProgramId, a.MentorId, a.WeekStart });
        // Dashboards read a program's weeks across mentors: with Kind, ColleagueId, MentorId and Minutes in the index, the
        // open week's totals and the period's reach are index-only scans (docs/performance.md).
        builder.HasIndex(a => new { a.ProgramId, a.WeekStart, a.Kind, a.ColleagueId, a.MentorId, a.Minutes })
            .HasDatabaseName("IX_Actions_Dashboard");
        builder.HasIndex(a => a.ColleagueId);
        // One action per submitted form, however often it is posted (NULLs, from imports and seeding, never collide).
        builder.HasIndex(a => new { a.MentorId, a.SubmissionId }).IsUnique();

        builder.HasOne(a => a.Program).WithMany().HasForeignKey(a => a.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Colleague>().WithMany().HasForeignKey(a => a.SeniorLeaderId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.WeekStart, a.SeniorLeaderId });
        builder.HasOne(a => a.Colleague).WithMany().HasForeignKey(a => a.ColleagueId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.MentorId).OnDelete(DeleteBehavior.Cascade);
    }
}
