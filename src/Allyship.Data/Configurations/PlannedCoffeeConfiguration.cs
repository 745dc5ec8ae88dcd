using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

internal sealed class PlannedCoffeeConfiguration : IEntityTypeConfiguration<PlannedCoffee>
{
    public void Configure(EntityTypeBuilder<PlannedCoffee> builder)
    {
        builder.ToTable("PlannedCoffees");
        builder.Property(p => p.Place).HasMaxLength(PlannedCoffee.PlaceMaxLength).IsRequired();
        builder.Property(p => p.TimeZoneId).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Uid).HasMaxLength(100).IsRequired();
        builder.Property(p => p.AnswerNote).HasMaxLength(PlannedCoffee.AnswerNoteMaxLength);
        // Her open plans on a day: the coffee link finds them.
        builder.HasIndex(p => new { p.ColleagueId, p.StartsUtc });
        builder.HasIndex(p => p.Uid).IsUnique();
        // This week's plans of a mentor in a program.
        builder.HasIndex(p => new { p.MentorId, p.ProgramId, p.StartsUtc });
        builder.HasIndex(p => p.LoggedActionId).IsUnique();
        builder.HasIndex(p => new { p.MentorId, p.SubmissionId }).IsUnique();
        builder.Property(p => p.Sequence).IsConcurrencyToken();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.MentorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Program).WithMany().HasForeignKey(p => p.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Colleague).WithMany().HasForeignKey(p => p.ColleagueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PledgeAction>().WithMany().HasForeignKey(p => p.LoggedActionId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.PreferredName).HasMaxLength(AppUser.PreferredNameMaxLength);
        builder.Property(u => u.Language).HasMaxLength(AppUser.LanguageMaxLength);
    }
}

internal sealed class ChatPostConfiguration : IEntityTypeConfiguration<ChatPost>
{
    public void Configure(EntityTypeBuilder<ChatPost> builder)
    {
        builder.ToTable("ChatPosts");
        builder.Property(p => p.Text).HasMaxLength(ChatPost.TextMaxLength).IsRequired();
        builder.Property(p => p.LastError).HasMaxLength(2000);
        builder.HasIndex(p => p.ActionId).IsUnique(); // one post per shout-out, whatever happens
        builder.HasIndex(p => new { p.Status, p.NextAttemptUtc });
        builder.HasOne<PledgeProgram>().WithMany().HasForeignKey(p => p.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PledgeAction>().WithMany().HasForeignKey(p => p.ActionId).OnDelete(DeleteBehavior.Cascade);
    }
}
