using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class PushDeviceConfiguration : IEntityTypeConfiguration<PushDevice>
{
    public void Configure(EntityTypeBuilder<PushDevice> builder)
    {
        builder.ToTable("PushDevices");
        builder.Property(d => d.Endpoint).HasMaxLength(PushDevice.EndpointMaxLength).IsRequired();
        builder.Property(d => d.P256dh).HasMaxLength(100).IsRequired();
        builder.Property(d => d.Auth).HasMaxLength(50).IsRequired();
        builder.Property(d => d.Label).HasMaxLength(PushDevice.LabelMaxLength).IsRequired();
        builder.HasIndex(d => d.Endpoint).IsUnique();
        builder.HasIndex(d => d.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushDeliveryConfiguration : IEntityTypeConfiguration<PushDelivery>
{
    public void Configure(EntityTypeBuilder<PushDelivery> builder)
    {
        builder.ToTable("PushDeliveries");
        builder.Property(d => d.Key).HasMaxLength(PushDelivery.KeyMaxLength).IsRequired();
        builder.Property(d => d.Title).HasMaxLength(200).IsRequired();
        builder.Property(d => d.Body).HasMaxLength(1000).IsRequired();
        builder.Property(d => d.Url).HasMaxLength(500).IsRequired();
        builder.Property(d => d.InsteadOfEmailKey).HasMaxLength(EmailMessage.KeyMaxLength);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasIndex(d => d.Key).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptUtc });
        builder.HasIndex(d => d.InsteadOfEmailKey);
        builder.HasOne<PushDevice>().WithMany().HasForeignKey(d => d.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServerKeyConfiguration : IEntityTypeConfiguration<ServerKey>
{
    public void Configure(EntityTypeBuilder<ServerKey> builder)
    {
        builder.ToTable("ServerKeys");
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasMaxLength(64);
        builder.Property(k => k.PublicValue).HasMaxLength(200).IsRequired();
        builder.Property(k => k.ProtectedValue).HasMaxLength(4000).IsRequired();
    }
}
