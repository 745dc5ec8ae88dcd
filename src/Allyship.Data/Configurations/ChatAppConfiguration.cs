using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class ChatAppInstallationConfiguration : IEntityTypeConfiguration<ChatAppInstallation>
{
    public void Configure(EntityTypeBuilder<ChatAppInstallation> builder)
    {
        builder.ToTable("ChatAppInstallations");
        builder.Property(i => i.TeamId).HasMaxLength(64).IsRequired();
        builder.Property(i => i.TeamName).HasMaxLength(200).IsRequired();
        builder.Property(i => i.Secret).HasMaxLength(ChatAppInstallation.SecretMaxLength).IsRequired();
        builder.Property(i => i.BotUserId).HasMaxLength(64);
        builder.HasIndex(i => new { i.App, i.TeamId }).IsUnique();
    }
}

internal sealed class ChatAccountConfiguration : IEntityTypeConfiguration<ChatAccount>
{
    public void Configure(EntityTypeBuilder<ChatAccount> builder)
    {
        builder.ToTable("ChatAccounts");
        builder.Property(a => a.TeamId).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ExternalUserId).HasMaxLength(128).IsRequired();
        builder.HasIndex(a => new { a.App, a.TeamId, a.ExternalUserId }).IsUnique();
        builder.HasIndex(a => new { a.UserId, a.App }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChatCallConfiguration : IEntityTypeConfiguration<ChatCall>
{
    public void Configure(EntityTypeBuilder<ChatCall> builder)
    {
        builder.ToTable("ChatCalls");
        builder.Property(c => c.TeamId).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Method).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Body).IsRequired();
        builder.Property(c => c.LookupEmail).HasMaxLength(EmailAddress.MaxLength);
        builder.Property(c => c.InsteadOfEmailKey).HasMaxLength(EmailMessage.KeyMaxLength);
        builder.Property(c => c.Key).HasMaxLength(ChatCall.KeyMaxLength).IsRequired();
        builder.Property(c => c.LastError).HasMaxLength(2000);
        builder.HasIndex(c => c.Key).IsUnique();
        builder.HasIndex(c => new { c.Status, c.NextAttemptUtc });
    }
}

internal sealed class ChatLinkCodeConfiguration : IEntityTypeConfiguration<ChatLinkCode>
{
    public void Configure(EntityTypeBuilder<ChatLinkCode> builder)
    {
        builder.ToTable("ChatLinkCodes");
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
