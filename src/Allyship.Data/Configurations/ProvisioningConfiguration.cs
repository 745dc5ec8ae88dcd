using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class ProvisioningTokenConfiguration : IEntityTypeConfiguration<ProvisioningToken>
{
    public void Configure(EntityTypeBuilder<ProvisioningToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(ProvisioningToken.NameMaxLength).IsRequired();
        builder.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(t => t.CreatedBy).HasMaxLength(EmailAddress.MaxLength).IsRequired();
        builder.HasIndex(t => t.TokenHash).IsUnique();
    }
}

internal sealed class ScimGroupConfiguration : IEntityTypeConfiguration<ScimGroup>
{
    public void Configure(EntityTypeBuilder<ScimGroup> builder)
    {
        builder.Property(g => g.DisplayName).HasMaxLength(ScimGroup.DisplayNameMaxLength).IsRequired();
        builder.Property(g => g.ExternalId).HasMaxLength(Colleague.ExternalIdMaxLength);
        builder.HasIndex(g => g.DisplayName);
        builder.HasIndex(g => g.ExternalId);
        // Archiving is how programs end; deleting one (tests, erasure) leaves the group unmapped rather than refused.
        builder.HasOne(g => g.Program).WithMany().HasForeignKey(g => g.ProgramId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScimGroupMemberConfiguration : IEntityTypeConfiguration<ScimGroupMember>
{
    public void Configure(EntityTypeBuilder<ScimGroupMember> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.ColleagueId });
        builder.HasOne(m => m.Colleague).WithMany().HasForeignKey(m => m.ColleagueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.ColleagueId);
    }
}
