using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> builder)
    {
        builder.ToTable("Emails");
        builder.Property(e => e.ToAddress).HasMaxLength(Colleague.EmailMaxLength).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(200);
        builder.Property(e => e.Subject).HasMaxLength(EmailMessage.SubjectMaxLength).IsRequired();
        builder.Property(e => e.DeduplicationKey).HasMaxLength(EmailMessage.KeyMaxLength).IsRequired();
        builder.Property(e => e.UnsubscribeUrl).HasMaxLength(2000);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.HasIndex(e => e.DeduplicationKey).IsUnique();
        // The dispatcher's scan: pending rows that are due.
        builder.HasIndex(e => new { e.Status, e.NextAttemptUtc });
        // A batch reads back the rows it claimed by their token.
        builder.HasIndex(e => e.ClaimToken);
        // The daily cap on reminder-type emails reads a person's emails of the last day.
        builder.HasIndex(e => new { e.UserId, e.CreatedUtc });
    }
}
