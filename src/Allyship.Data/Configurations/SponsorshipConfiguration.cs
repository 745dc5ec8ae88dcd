using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class OutcomeEventConfiguration : IEntityTypeConfiguration<OutcomeEvent>
{
    public void Configure(EntityTypeBuilder<OutcomeEvent> builder)
    {
        builder.ToTable("Outcomes");
        builder.HasOne(o => o.Colleague).WithMany().HasForeignKey(o => o.ColleagueId).OnDelete(DeleteBehavior.Cascade);
        // One event per colleague, day and kind: a file imported twice adds nothing.
        builder.HasIndex(o => new { o.ColleagueId, o.OccurredOn, o.Kind }).IsUnique();
        builder.HasIndex(o => o.OccurredOn);
    }
}

internal sealed class LeaderDigestRoundConfiguration : IEntityTypeConfiguration<LeaderDigestRound>
{
    public void Configure(EntityTypeBuilder<LeaderDigestRound> builder) => builder.HasKey(r => r.WeekStart);
}
