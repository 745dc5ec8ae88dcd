using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Allyship.IntegrationTests;

public sealed record TestUser(string Id, string Email, string Password);

/// <summary>Builders with valid defaults: each call makes new, uniquely named rows.</summary>
public sealed class TestData(AppFixtureBase app)
{
    public const string Password = "Correct-horse-36";

    private static string? _passwordHash;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public async Task<PledgeProgram> ProgramAsync(string timeZone = "Europe/London", DateOnly? start = null, Action<PledgeProgram>? configure = null)
    {
        var program = new PledgeProgram
        {
            Name = Unique("Program"),
            TimeZoneId = timeZone,
            StartDate = start ?? new DateOnly(2026, 1, 5),
        };
        configure?.Invoke(program);
        return await app.WithDbAsync(async db =>
        {
            db.Programs.Add(program);
            await db.SaveChangesAsync();
            return program;
        });
    }

    public async Task<TestUser> UserAsync(params string[] roles)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{Unique("user")}@example.com";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        // Hashing the password (PBKDF2) was most of the cost of a user: the one test password is hashed once and reused.
        user.PasswordHash = _passwordHash ??= users.PasswordHasher.HashPassword(user, Password);
        (await users.CreateAsync(user)).Succeeded.ShouldBeTrue();
        foreach (var role in roles)
        {
            await users.AddToRoleAsync(user, role);
        }

        return new TestUser(user.Id, email, Password);
    }

    /// <summary>A mentor enrolled (since the program's start) in each program given.</summary>
    public async Task<TestUser> MentorAsync(params PledgeProgram[] programs)
    {
        var mentor = await UserAsync(Roles.Mentor);
        await app.WithDbAsync(async db =>
        {
            foreach (var p in programs)
            {
                db.Enrolments.Add(new Enrolment
                {
                    ProgramId = p.Id,
                    MentorId = mentor.Id,
                    CreatedUtc = p.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                });
            }

            return await db.SaveChangesAsync();
        });
        return mentor;
    }

    public Task<Colleague> ColleagueAsync(string? name = null, string? email = null, string? department = "Engineering") =>
        app.WithDbAsync(async db =>
        {
            var colleague = new Colleague
            {
                Name = name ?? Unique("Colleague"),
                Email = Colleague.NormalizeEmail(email ?? $"{Unique("c")}@example.com"),
                Department = department,
            };
            db.Colleagues.Add(colleague);
            await db.SaveChangesAsync();
            return colleague;
        });

    public Task<PledgeAction> ActionAsync(TestUser mentor, PledgeProgram program, Colleague colleague, ActionKind kind, DateOnly on,
        int? minutes = null, string? privateNotes = null) =>
        app.WithDbAsync(async db =>
        {
            var action = new PledgeAction
            {
                Kind = kind,
                MentorId = mentor.Id,
                ProgramId = program.Id,
                ColleagueId = colleague.Id,
                OccurredOn = on,
                WeekStart = PledgeWeek.Containing(on).Monday,
                Minutes = minutes ?? program.Targets.DefaultMinutesFor(kind),
                PrivateNotes = app.Services.GetRequiredService<Allyship.Web.Infrastructure.Privacy.NoteProtector>().Protect(privateNotes),
            };
            db.Actions.Add(action);
            await db.SaveChangesAsync();
            return action;
        });

    public Task PauseAsync(TestUser mentor, PledgeProgram program, DateOnly from, DateOnly to) =>
        app.WithDbAsync(async db =>
        {
            var enrolment = db.Enrolments.Single(e => e.MentorId == mentor.Id && e.ProgramId == program.Id);
            db.EnrolmentPauses.Add(new EnrolmentPause { EnrolmentId = enrolment.Id, StartsOn = from, EndsOn = to });
            return await db.SaveChangesAsync();
        });

    /// <summary>A pending mentor invitation into the program, valid for a week from the app's now; returns the link's token.</summary>
    public async Task<(string Email, string Token)> InvitationAsync(PledgeProgram program)
    {
        var email = $"{Unique("inv")}@example.com";
        var token = Invitation.NewToken();
        await app.WithDbAsync(async db =>
        {
            db.Invitations.Add(new Invitation
            {
                Email = email, ProgramId = program.Id, Roles = Roles.Mentor, TokenHash = Invitation.Hash(token),
                ExpiresUtc = app.Clock.GetUtcNow().UtcDateTime.AddDays(7), InvitedById = "test",
            });
            return await db.SaveChangesAsync();
        });
        return (email, token);
    }
}
