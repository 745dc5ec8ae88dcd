using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class HeartbeatConfiguration : IEntityTypeConfiguration<Heartbeat>
{
    public void Configure(EntityTypeBuilder<Heartbeat> builder)
    {
        builder.HasKey(h => h.Instance);
        builder.Property(h => h.Instance).HasMaxLength(200);
        builder.Property(h => h.Token).HasMaxLength(64);
    }
}
