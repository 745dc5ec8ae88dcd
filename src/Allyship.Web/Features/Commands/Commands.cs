using System.Globalization;
using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Account;
using Allyship.Web.Features.Admin.Emails;
using Allyship.Web.Features.Demo;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Backups;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Features.Commands;

/// <summary>One-off commands run with `dotnet run --project src/Allyship.Web -- &lt;command&gt;` instead of serving.</summary>
public abstract record Commands
{
    public static Commands? Parse(string[] args) => args.FirstOrDefault() switch
    {
        "create-admin" => new CreateAdmin(args.ElementAtOrDefault(1)),
        "create-user" => new CreateAdmin(args.ElementAtOrDefault(1), args.ElementAtOrDefault(2) ?? "", BreakGlass: false),
        "seed-demo" => new SeedDemo(Option(args, "--mentors", 100), Option(args, "--weeks", 12), Option(args, "--seed", 1)),
        "backup" => new Backup(),
        "restore" => new Restore(args.ElementAtOrDefault(1)),
        "retry-failed-emails" => new RetryFailedEmails(),
        "roll-up" => new RollUp(),
        "remove-role" => new ChangeAccess("remove-role", args.ElementAtOrDefault(1), args.ElementAtOrDefault(2)),
        "deactivate" => new ChangeAccess("deactivate", args.ElementAtOrDefault(1), null),
        "reactivate" => new ChangeAccess("reactivate", args.ElementAtOrDefault(1), null),
        "create-provisioning-token" => new CreateProvisioningToken(string.Join(' ', args.Skip(1))),
        _ => null,
    };

    /// <summary>Starts on a new, empty SQLite database where the data folder shows there was one (DataSetup.RefuseVanishedDatabase).</summary>
    public const string NewDatabaseSwitch = "--new-database";

    public abstract Task<int> RunAsync(WebApplication app);

    /// <summary>True for a command that must run before the database is opened and migrated (restore replaces the file).</summary>
    public virtual bool RunsBeforeMigration => false;

    /// <summary>Writes a backup now (as the nightly job does) and prints where.</summary>
    public sealed record Backup : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var path = await scope.ServiceProvider.GetRequiredService<SqliteBackupJob>().RunAsync();
            if (path is null)
            {
                await Console.Error.WriteLineAsync("Backups are for the SQLite database; back up PostgreSQL with pg_dump (docs/operations.md).");
                return 1;
            }

            Console.WriteLine($"Backup written: {path}");
            return 0;
        }
    }

    /// <summary>Takes a role away, or deactivates (reactivates) an account; every session of it ends within a minute.</summary>
    public sealed record ChangeAccess(string Verb, string? Email, string? Role) : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            if (!EmailAddress.IsValid(Email) || (Verb == "remove-role" && Roles.Find(Role) is null))
            {
                await Console.Error.WriteLineAsync("Usage: remove-role <email> <Mentor|ProgramAdmin|HR>   or   deactivate <email>   or   reactivate <email>");
                return 2;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var access = scope.ServiceProvider.GetRequiredService<AccountAccess.Handler>();
            if (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Email!) is not { } user)
            {
                await Console.Error.WriteLineAsync($"There is no account for {Email}.");
                return 1;
            }

            var commandLine = RoleRules.CommandLine(Verb);
            var change = Verb switch
            {
                "remove-role" => await access.RemoveRoleAsync(commandLine, user.Id, Role!, CancellationToken.None),
                "deactivate" => await access.DeactivateAsync(commandLine, user.Id, CancellationToken.None),
                _ => await access.ReactivateAsync(commandLine, user.Id, CancellationToken.None),
            };
            Console.WriteLine(change.Message);
            return change.Done || !AccountAccess.Handler.KeepsOne.Values.Contains(change.Message) ? 0 : 1;
        }
    }

    /// <summary>
    /// Creates a SCIM provisioning token, as the Provisioning page does, and prints it once: for an operator who sets up
    /// the identity provider from a script (the token goes straight into its secret store) and for the sync benchmark.
    /// </summary>
    public sealed record CreateProvisioningToken(string Name) : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var commandLine = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, "create-provisioning-token (command line)")], "command"));
            var (created, errors) = await scope.ServiceProvider.GetRequiredService<Admin.Provisioning.ProvisioningTokens.Handler>()
                .CreateAsync(commandLine, Name, CancellationToken.None);
            if (created is null)
            {
                await Console.Error.WriteLineAsync($"Usage: create-provisioning-token <name>   ({errors[0].Message})");
                return 2;
            }

            Console.WriteLine(created.Token);
            await Console.Error.WriteLineAsync($"Token “{created.Name}” created. It is shown only this once: give it to the identity provider as its secret token.");
            return 0;
        }
    }

    /// <summary>Puts every Failed email back in the outbox for a fresh round of attempts (as the Retry button on /admin/emails).</summary>
    public sealed record RetryFailedEmails : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var commandLine = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, "retry-failed-emails (command line)")], "command"));
            var count = await scope.ServiceProvider.GetRequiredService<OutboxStatus.Handler>().RetryAsync(commandLine, id: null, CancellationToken.None);
            Console.WriteLine(count == 0
                ? "No failed emails."
                : $"{count} failed {(count == 1 ? "email is" : "emails are")} queued again; the running app sends {(count == 1 ? "it" : "them")} within a few minutes.");
            return 0;
        }
    }

    /// <summary>
    /// Runs the weekly rollup now, as its Monday job does: every ended week without its rollup, oldest first (after a
    /// bulk import or `seed-demo`, before a load test). Only the week that just ended is mailed, as by the job.
    /// </summary>
    public sealed record RollUp : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            // Not through the job's lease: a run of the job on a server at this moment would make the command say
            // "already" while weeks were still open. Beside that run it is safe (each week's marker), and it waits for nothing.
            var closed = await scope.ServiceProvider.GetRequiredService<Rollups.WeeklyRollupJob>().CloseEndedWeeksAsync(CancellationToken.None);
            Console.WriteLine(closed == 0 ? "Every ended week was rolled up already." : $"{closed} program {(closed == 1 ? "week" : "weeks")} rolled up.");
            return 0;
        }
    }

    /// <summary>Replaces the SQLite database with a backup, after checking it. Stop the app first.</summary>
    public sealed record Restore(string? File) : Commands
    {
        public override bool RunsBeforeMigration => true;

        public override async Task<int> RunAsync(WebApplication app)
        {
            if (string.IsNullOrWhiteSpace(File))
            {
                await Console.Error.WriteLineAsync("Usage: restore <backup file>   (stop the app first; the current database is replaced)");
                return 2;
            }

            var database = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
                DataSetup.ResolveConnectionString(app.Configuration, app.Environment)).DataSource;
            using var inUse = DatabaseInUse.ForRestore(database);
            if (inUse is null)
            {
                await Console.Error.WriteLineAsync(
                    $"The database {database} is in use by a running Allyship: nothing was changed. Stop every instance first " +
                    "(Ctrl+C, `docker stop <container>` or `systemctl stop allyship`), then run restore again.");
                return 1;
            }

            var error = await SqliteBackupJob.RestoreAsync(Path.GetFullPath(File), database);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error);
                return 1;
            }

            Console.WriteLine($"Restored {File} to {database}. Start the app: it applies any newer migrations.");
            return 0;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>
    /// Creates (or promotes) a program admin, or with create-user any role, and prints a one-time link to set the password.
    /// </summary>
    public sealed record CreateAdmin(string? Email, string Role = Roles.ProgramAdmin, bool BreakGlass = true) : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            if (!EmailAddress.IsValid(Email) || Roles.Find(Role) is not { } role)
            {
                await Console.Error.WriteLineAsync("Usage: create-admin <email>   or   create-user <email> <Mentor|ProgramAdmin|HR|Operator>   (an email address like name@example.com)");
                return 2;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
            string? refused = null;
            AppUser? user;
            try
            {
                // One transaction: the account, its role and its break-glass mark together, or none of them.
                user = await db.InTransactionAsync(async () =>
                {
                    var found = await users.FindByEmailAsync(Email!);
                    if (found is null)
                    {
                        found = new AppUser
                        {
                            UserName = Email,
                            Email = Email,
                            EmailConfirmed = true,
                            DisplayName = Email![..Email!.IndexOf('@', StringComparison.Ordinal)],
                            CreatedUtc = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
                        };
                        var created = await users.CreateAsync(found);
                        if (!created.Succeeded)
                        {
                            refused = string.Join(" ", created.Errors.Select(e => e.Description));
                            return null;
                        }
                    }

                    if (!await users.IsInRoleAsync(found, role))
                    {
                        Identity.Check(await users.AddToRoleAsync(found, role));
                    }

                    // The break-glass account also runs the app: the Operations page and the jobs dashboard.
                    if (BreakGlass && !await users.IsInRoleAsync(found, Roles.Operator))
                    {
                        Identity.Check(await users.AddToRoleAsync(found, Roles.Operator));
                    }

                    if (BreakGlass && !found.BreakGlass)
                    {
                        // create-admin's accounts keep their password when single sign-on turns passwords off: the way back in.
                        found.BreakGlass = true;
                        Identity.Check(await users.UpdateAsync(found));
                    }

                    return found;
                }, CancellationToken.None);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message + " Nothing was changed.");
                return 1;
            }

            if (user is null)
            {
                await Console.Error.WriteLineAsync(refused);
                return 1;
            }

            var token = await users.GeneratePasswordResetTokenAsync(user);
            var baseUrl = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AppOptions>>().Value.BaseUrl.TrimEnd('/');
            Console.WriteLine($"{Email} has the {role} role. Open this link within 7 days to set the password (it works once):");
            Console.WriteLine(SetPasswordLink(baseUrl, user.Id, token));
            return 0;
        }
    }

    /// <summary>Fills the configured database deterministically for benchmarks.</summary>
    public sealed record SeedDemo(int Mentors, int Weeks, int Seed) : Commands
    {
        public override async Task<int> RunAsync(WebApplication app)
        {
            if (Mentors < 1 || Weeks < 1 || Weeks > 520)
            {
                await Console.Error.WriteLineAsync("Usage: seed-demo --mentors N --weeks W --seed S   (N at least 1, W from 1 to 520)");
                return 2;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            Console.WriteLine($"Seeding {Mentors:N0} mentors x {Weeks} weeks (seed {Seed})...");
            try
            {
                var report = await seeder.SeedBulkAsync(Mentors, Weeks, Seed, Console.WriteLine);
                Console.WriteLine($"Done: {report.Mentors:N0} mentors, {report.Colleagues:N0} colleagues, {report.Actions:N0} actions in {report.Elapsed.TotalSeconds:F1} s.");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        }
    }

    public static string SetPasswordLink(string baseUrl, string userId, string token) => PasswordReset.Link(baseUrl, userId, token, PasswordReset.Via.Setup);
}
