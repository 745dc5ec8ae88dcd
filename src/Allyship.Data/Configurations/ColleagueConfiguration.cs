using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class ColleagueConfiguration : IEntityTypeConfiguration<Colleague>
{
    public void Configure(EntityTypeBuilder<Colleague> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(Colleague.NameMaxLength).IsRequired();
        builder.Property(c => c.Email).HasMaxLength(Colleague.EmailMaxLength).IsRequired();
        builder.Property(c => c.Department).HasMaxLength(Colleague.DepartmentMaxLength);
        builder.Property(c => c.Level).HasMaxLength(Colleague.LevelMaxLength);
        builder.Property(c => c.Language).HasMaxLength(Colleague.LanguageMaxLength);
        builder.Property(c => c.ManagerEmail).HasMaxLength(Colleague.EmailMaxLength);
        builder.Property(c => c.ScimExternalId).HasMaxLength(Colleague.ExternalIdMaxLength);
        builder.Property(c => c.ScimUserName).HasMaxLength(Colleague.ExternalIdMaxLength);
        builder.HasIndex(c => c.ScimUserName);
        builder.Property(c => c.EmployeeNumber).HasMaxLength(Colleague.EmployeeNumberMaxLength);
        builder.HasIndex(c => c.Name);
        // The identity provider's first question about anyone: "does she exist?", by her externalId.
        builder.HasIndex(c => c.ScimExternalId);
        builder.HasIndex(c => c.Email).IsUnique();
        // The sponsor-note form lists the leaders on every week page.
        builder.HasIndex(c => c.IsLeader);
    }
}
