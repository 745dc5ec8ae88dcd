using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Email).HasMaxLength(Colleague.EmailMaxLength).IsRequired();
        builder.Property(i => i.Roles).HasMaxLength(100).IsRequired();
        builder.Property(i => i.Department).HasMaxLength(Colleague.DepartmentMaxLength);
        builder.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.Email);
        builder.HasOne(i => i.Program).WithMany().HasForeignKey(i => i.ProgramId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.ActorEmail).HasMaxLength(Colleague.EmailMaxLength);
        builder.Property(a => a.Action).HasMaxLength(60).IsRequired();
        builder.Property(a => a.Target).HasMaxLength(300).IsRequired();
        builder.Property(a => a.Details).HasMaxLength(4000);
        builder.HasIndex(a => a.WhenUtc);
    }
}
