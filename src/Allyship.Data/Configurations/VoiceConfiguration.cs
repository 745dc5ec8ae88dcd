using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class ConfirmationConfiguration : IEntityTypeConfiguration<Confirmation>
{
    public void Configure(EntityTypeBuilder<Confirmation> builder)
    {
        builder.HasKey(c => c.ActionId);
        builder.Property(c => c.Comment).HasMaxLength(Confirmation.CommentMaxLength);
        builder.HasOne(c => c.Action).WithOne().HasForeignKey<Confirmation>(c => c.ActionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Colleague>().WithMany().HasForeignKey(c => c.ColleagueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ColleagueId, c.ActionId });
    }
}

internal sealed class ConfirmationRoundConfiguration : IEntityTypeConfiguration<ConfirmationRound>
{
    public void Configure(EntityTypeBuilder<ConfirmationRound> builder) => builder.HasKey(r => r.WeekStart);
}

internal sealed class ConcernConfiguration : IEntityTypeConfiguration<Concern>
{
    public void Configure(EntityTypeBuilder<Concern> builder)
    {
        builder.HasOne(c => c.Colleague).WithMany().HasForeignKey(c => c.ColleagueId).OnDelete(DeleteBehavior.SetNull);
        // OwnerId has no foreign key: adding one to the existing table would make SQLite rebuild it outside the migration's
        // transaction. Accounts are never deleted (erasure anonymises them), and pages look the owner up by id.
        builder.HasMany(c => c.Entries).WithOne().HasForeignKey(e => e.ConcernId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.CreatedUtc);
        builder.HasIndex(c => new { c.State, c.CreatedUtc });
    }
}

internal sealed class ConcernEntryConfiguration : IEntityTypeConfiguration<ConcernEntry>
{
    public void Configure(EntityTypeBuilder<ConcernEntry> builder)
    {
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.ConcernId, e.CreatedUtc });
    }
}

internal sealed class PulseTallyConfiguration : IEntityTypeConfiguration<PulseTally>
{
    public void Configure(EntityTypeBuilder<PulseTally> builder)
    {
        builder.HasKey(t => new { t.ProgramId, t.QuarterStart, t.Side, t.Score });
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(t => t.ProgramId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PulseResponseConfiguration : IEntityTypeConfiguration<PulseResponse>
{
    public void Configure(EntityTypeBuilder<PulseResponse> builder)
    {
        builder.Property(r => r.Respondent).HasMaxLength(64);
        builder.HasIndex(r => new { r.ProgramId, r.QuarterStart, r.Respondent }).IsUnique();
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(r => r.ProgramId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PulseRoundConfiguration : IEntityTypeConfiguration<PulseRound>
{
    public void Configure(EntityTypeBuilder<PulseRound> builder) => builder.HasKey(r => r.QuarterStart);
}
