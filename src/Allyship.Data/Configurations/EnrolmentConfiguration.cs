using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> builder)
    {
        builder.HasIndex(e => new { e.ProgramId, e.MentorId }).IsUnique();
        builder.HasIndex(e => e.MentorId);
        builder.HasOne(e => e.Program).WithMany(p => p.Enrolments).HasForeignKey(e => e.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Mentor).WithMany().HasForeignKey(e => e.MentorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Pauses).WithOne().HasForeignKey(p => p.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
