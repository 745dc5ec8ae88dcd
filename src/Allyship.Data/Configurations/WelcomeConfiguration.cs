using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class ChosenColleagueConfiguration : IEntityTypeConfiguration<ChosenColleague>
{
    public void Configure(EntityTypeBuilder<ChosenColleague> builder)
    {
        builder.ToTable("ChosenColleagues");
        builder.HasIndex(c => new { c.MentorId, c.ProgramId, c.ColleagueId }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.MentorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(c => c.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Colleague).WithMany().HasForeignKey(c => c.ColleagueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamSuggestionConfiguration : IEntityTypeConfiguration<TeamSuggestion>
{
    public void Configure(EntityTypeBuilder<TeamSuggestion> builder)
    {
        builder.ToTable("TeamSuggestions");
        builder.HasIndex(s => new { s.ProgramId, s.MentorId, s.ColleagueId }).IsUnique();
        builder.HasIndex(s => new { s.ProgramId, s.ColleagueId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.MentorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(s => s.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Colleague).WithMany().HasForeignKey(s => s.ColleagueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.SuggestedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SelfCheckConfiguration : IEntityTypeConfiguration<SelfCheck>
{
    public void Configure(EntityTypeBuilder<SelfCheck> builder)
    {
        builder.ToTable("SelfChecks");
        builder.HasKey(s => s.MentorId);
        builder.Property(s => s.Answers).HasMaxLength(SelfCheck.AnswersStoredMaxLength);
        builder.HasOne<AppUser>().WithOne().HasForeignKey<SelfCheck>(s => s.MentorId).OnDelete(DeleteBehavior.Cascade);
    }
}
