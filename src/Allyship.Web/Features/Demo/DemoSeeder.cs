using System.Diagnostics;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Demo;

public sealed record SeedReport(int Mentors, int Colleagues, int Actions, TimeSpan Elapsed);

/// <summary>Fills a database with a demo program: the small Development demo, or a large deterministic one for benchmarks.</summary>
public sealed class DemoSeeder(AllyshipDbContext db, UserManager<AppUser> users, TimeProvider clock, Infrastructure.Privacy.NoteProtector notes,
    Insights.FiscalCalendar fiscal, IEnumerable<Infrastructure.Email.EmailSample> samples, IServiceProvider services,
    Chat.ChatWebhooks webhooks, Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions> app, Chat.ChatAppStore chatApps)
{
    /// <summary>
    /// The demo's Teams outgoing webhook's security token (base64), so the Teams command can be tried with a signed curl
    /// (README): Development only, and a demo value no real Teams ever issued.
    /// </summary>
    public const string DemoTeamsToken = "ZGVtby10ZWFtcy1zZWN1cml0eS10b2tlbi0zNi1taW51dGVz";

    /// <summary>The demo mentor's Teams user (its Entra object id): connected to his account, so the command logs for him.</summary>
    public const string DemoTeamsUser = "00000000-0000-4000-8000-000000000036";

    /// <summary>The comment the demo mentor's colleague shared on a coffee: shown on This week and the action's page.</summary>
    public const string DemoSharedComment = "That introduction to the product director made my month. Thank you!";

    /// <summary>The demo's concern, on the Concerns page of the admin and HR.</summary>
    public const string DemoHandledConcern = "In the sponsor notes I hear about, the same two people are always the ones mentioned to the directors. I'd like to know how people are chosen.";
    public const string DemoConcernNote = "Checked the spread report: the top 10% got half the sponsor notes this quarter. Raising it at the mentors' monthly call.";
    public const string DemoConcernReply = "Thank you for telling us. You're right that sponsor notes have been concentrated on a few people; we're sharing the numbers with the mentors this month and asking each to sponsor someone new. We'll write again here when that has happened.";

    public const string DemoConcern = "A mentor keeps booking our coffees at 7 pm after work. I'd rather meet during the day but don't know how to say it.";

    /// <summary>The password of every demo account; printed at start in Development and written in the README.</summary>
    public const string DemoPassword = "Pledge-36-demo";

    /// <summary>The demo mentor's private note on last week's coffee: encrypted like any other (`grep` finds it nowhere in the database).</summary>
    public const string DemoPrivateNote = "Amara wants to lead the spring launch; introduce her to the product director before the planning week.";

    public const string AdminEmail = "admin@demo.local";
    public const string MentorEmail = "mentor@demo.local";
    public const string HrEmail = "hr@demo.local";

    /// <summary>Closed weeks of demo history before this one.</summary>
    public const int DemoWeeks = 26;
    private const string ProgramTimeZone = "Europe/London";

    /// <summary>Seeds the Development demo into an empty database; returns false when there is already data.</summary>
    public async Task<bool> SeedDevelopmentDemoAsync(CancellationToken ct = default)
    {
        if (await db.Programs.AnyAsync(ct) || await db.Users.AnyAsync(ct))
        {
            return false;
        }

        var random = new Random(36);
        var generator = new PledgeDataGenerator(random);
        var zone = TimeZones.Find(ProgramTimeZone);
        var today = PledgeWeek.LocalDate(clock.GetUtcNow(), zone);
        var current = PledgeWeek.Containing(today);
        // Half a year of history: the last full quarter is there for HR's report.
        var first = new PledgeWeek(current.Monday.AddDays(-7 * DemoWeeks));
        var stamp = first.StartUtc(zone);

        var program = NewProgram("Demo pledge: Engineering & Product", first, stamp);
        program.AskColleaguesToConfirm = true;
        program.AskPulse = true;
        program.TargetLevels = "Associate, Analyst, Engineer II";
        program.SuggestColleagues = true;
        // Shout-outs may go to "#kudos": the app's own stand-in webhook in Development (no internet needed).
        (program.ChatService, program.ChatChannel, program.ChatWebhook) = (ChatService.Slack, "#kudos", webhooks.Protect(app.Value.Link(Chat.ChatWebhooks.DevelopmentPath)));
        db.Programs.Add(program);
        var colleagues = NewColleagues(20, random, stamp);
        // Two colleagues read Allyship in their own language: her emails and link pages come in Spanish, and in French.
        colleagues[5].Language = "es";
        colleagues[6].Language = "fr";
        db.Colleagues.AddRange(colleagues);
        await db.SaveChangesAsync(ct);
        generator.Leaders = await AddLeadersAsync(stamp, "demo.local", ct);

        var demoAdmin = await CreateUserAsync(AdminEmail, "Alex Admin", Roles.ProgramAdmin);
        await users.AddToRoleAsync(demoAdmin, Roles.Operator); // the demo's admin also runs it: Operations under More
        await CreateUserAsync(HrEmail, "Harriet HR", Roles.HR);
        var mentor = await CreateUserAsync(MentorEmail, "Morgan Mentor", Roles.Mentor, "Engineering");
        var mentorEnrolment = new Enrolment { ProgramId = program.Id, MentorId = mentor.Id, CreatedUtc = stamp };
        db.Enrolments.Add(mentorEnrolment);

        // The colleagues the demo mentor chose on the welcome page: the first comes first on his forms and the welcome.
        db.ChosenColleagues.AddRange(colleagues.Take(2).Select((c, i) => new ChosenColleague
        {
            MentorId = mentor.Id, ProgramId = program.Id, ColleagueId = c.Id, ChosenUtc = stamp.AddSeconds(i),
        }));

        // Two planned coffees on This week, both on working days in office hours (OfficeHours): one that happened at nine on
        // the latest working morning (one tap logs it) and one at eleven on the first working day after tomorrow.
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        DateTime On(DateOnly day, int hour) => LocalTime.ToUtc(day, new TimeOnly(hour, 0), zone);
        var hours = OfficeHours.Of(program);
        var earlier = hours.IsWorkingDay(today) && On(today, 9) < nowUtc ? On(today, 9) : On(hours.PreviousWorkingDay(today), 9);
        var later = On(hours.NextWorkingDay(today.AddDays(1)), 11);
        db.PlannedCoffees.AddRange(
            new PlannedCoffee { ProgramId = program.Id, MentorId = mentor.Id, ColleagueId = colleagues[0].Id, StartsUtc = earlier, TimeZoneId = ProgramTimeZone,
                Place = "The café on the ground floor", Uid = "demo-coffee-1@allyship", CreatedUtc = nowUtc.AddDays(-3) },
            new PlannedCoffee { ProgramId = program.Id, MentorId = mentor.Id, ColleagueId = colleagues[1].Id, StartsUtc = later, TimeZoneId = ProgramTimeZone,
                Place = "Meeting room Ada, 3rd floor", Uid = "demo-coffee-2@allyship", CreatedUtc = nowUtc.AddDays(-1),
                // She answered from her invitation: another time suits her better (This week offers "Move it").
                Answer = CoffeeAnswer.AnotherTime, AnsweredUtc = nowUtc.AddHours(-2), SuggestedStartsUtc = On(hours.NextWorkingDay(hours.NextWorkingDay(today.AddDays(1))), 14),
                AnswerNote = "Mornings are my team's stand-up; any afternoon works." },
            // And one she can't make: withdrawn from both calendars at her word ("Plan another time").
            new PlannedCoffee { ProgramId = program.Id, MentorId = mentor.Id, ColleagueId = colleagues[2].Id, StartsUtc = On(hours.NextWorkingDay(today), 15),
                TimeZoneId = ProgramTimeZone, Place = "The café on the ground floor", Uid = "demo-coffee-3@allyship", CreatedUtc = nowUtc.AddDays(-2), Sequence = 1,
                CancelledUtc = nowUtc.AddHours(-5), Answer = CoffeeAnswer.CantMakeIt, AnsweredUtc = nowUtc.AddHours(-5),
                AnswerNote = "I'm on leave that day; any day next week is good." });

        // The program team suggested one colleague to him from the dashboard: first among his suggestions on This week.
        db.TeamSuggestions.Add(new TeamSuggestion { ProgramId = program.Id, MentorId = mentor.Id, ColleagueId = colleagues[^1].Id, SuggestedUtc = nowUtc.AddDays(-1) });

        var colleagueIds = colleagues.Select(c => c.Id).ToList();
        // The demo mentor: a good habit, one missed sponsor note, one holiday, and nothing yet this week.
        var weekIndex = 12 - DemoWeeks; // the pattern below is in the last 12 weeks
        foreach (var week in PledgeWeek.Range(first, current.Previous))
        {
            weekIndex++;
            if (weekIndex == 7)
            {
                mentorEnrolment.Pauses.Add(new EnrolmentPause { StartsOn = week.Monday, EndsOn = week.Sunday });
                continue;
            }

            foreach (var kind in new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote })
            {
                if (weekIndex == 4 && kind == ActionKind.SponsorNote)
                {
                    continue;
                }

                var action = generator.Make(kind, mentor.Id, program.Id, colleagueIds[(((weekIndex + (int)kind) % 6) + 6) % 6], week,
                    week.Monday.AddDays(random.Next(0, 5)), stamp);
                if (kind == ActionKind.Coffee && week == current.Previous)
                {
                    action.PrivateNotes = notes.Protect(DemoPrivateNote);
                }

                db.Actions.Add(action);
            }
        }

        // A realistic, uneven spread: the first six colleagues come up three times as often, and the last four never, so
        // the dashboard's spread chart leans and its overlooked list has names.
        var unevenSpread = colleagueIds.Take(6).SelectMany(id => Enumerable.Repeat(id, 3)).Concat(colleagueIds.Skip(6).Take(10)).ToList();
        for (var i = 0; i < 8; i++)
        {
            var name = $"{DemoText.MentorFirstNames[i]} {DemoText.LastNames[(i * 3) + 1]}";
            var other = await CreateUserAsync($"{DemoText.MentorFirstNames[i].ToLowerInvariant()}@demo.local", name, Roles.Mentor,
                DemoText.Departments[i % 4]);
            db.Enrolments.Add(new Enrolment { ProgramId = program.Id, MentorId = other.Id, CreatedUtc = stamp });
            // The first of them drifted away three weeks ago: the admin's dashboard shows a lapsed mentor to nudge.
            var until = i == 0 ? new PledgeWeek(current.Monday.AddDays(-21)) : current;
            db.Actions.AddRange(generator.History(other.Id, program.Id, unevenSpread, first, until, today,
                reliability: i == 0 ? 0.9 : 0.35 + (0.08 * i), stamp));
        }

        // One email the mail server refused for three days, so /admin/emails shows what a failure looks like and how to retry it.
        var now = clock.GetUtcNow().UtcDateTime;
        var summary = await samples.First(s => s.Kind == EmailKind.WeeklySummary).RenderAsync(services);
        var refused = new OutgoingEmail("left.the.company@demo.local", "Former Mentor", summary.Subject, summary.Html, summary.Text,
            EmailKind.WeeklySummary, "demo:failed-summary").ToRow(now.AddDays(-4));
        refused.Status = EmailStatus.Failed;
        refused.Attempts = 290;
        refused.FirstFailedUtc = now.AddDays(-4);
        refused.LastError = "SmtpCommandException: 550 5.1.1 The email account that you tried to reach does not exist.";
        db.Emails.Add(refused);

        // A year of HR's outcome events, so the report's Outcomes section has something to set beside sponsorship.
        db.Outcomes.AddRange(generator.Outcomes(colleagueIds, colleagueIds.Take(6).ToHashSet(), today, now));
        await db.SaveChangesAsync(ct);
        // The demo mentor's shout-outs went to #kudos: /admin/emails lists them under "Shout-outs posted to chat". The one
        // before went through; the latest got no answer from the chat, so the page shows a post waiting for an admin to decide.
        var shouts = await db.Actions.Where(a => a.MentorId == mentor.Id && a.Kind == ActionKind.ShoutOut).OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Achievement, Colleague = a.Colleague.Name }).Take(2).ToListAsync(ct);
        foreach (var (shout, i) in shouts.Select((s, i) => (s, i)))
        {
            var when = now.AddDays(-1 - (2 * i));
            db.ChatPosts.Add(new ChatPost
            {
                ProgramId = program.Id, ActionId = shout.Id, Text = Chat.ChatText.ShoutOut(mentor.DisplayName, shout.Colleague, shout.Achievement),
                Status = i == 0 ? ChatPostStatus.Uncertain : ChatPostStatus.Sent, Attempts = 1, SentUtc = i == 0 ? null : when,
                LastError = i == 0 ? Chat.ChatDispatcher.NoAnswerInTime : null,
                NextAttemptUtc = when, CreatedUtc = when, UpdatedUtc = when,
            });
        }

        // The Provisioning page on first start: a token Entra ID used an hour ago (its value was shown once, to nobody: the
        // hash is of a random value no one keeps) and a group pushed by it, mapped to the demo program's mentors.
        db.ProvisioningTokens.Add(new ProvisioningToken
        {
            Name = "Entra ID (demo)", TokenHash = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            CreatedBy = "demo", CreatedUtc = now.AddDays(-7), LastUsedUtc = now.AddHours(-1),
        });
        foreach (var member in colleagues.Take(3))
        {
            member.ScimVersion = 1; // pushed by Entra ID: the directory marks them, and its CSV import leaves them to it
        }

        db.ScimGroups.Add(new ScimGroup
        {
            DisplayName = "Allyship mentors", ExternalId = "demo-group", ProgramId = program.Id,
            Members = [.. colleagues.Take(3).Select(c => new ScimGroupMember { ColleagueId = c.Id })],
        });
        await db.SaveChangesAsync(ct);

        // The Integrations page on first start: the Teams command set up, and the demo mentor's Teams account connected.
        db.ChatAppInstallations.Add(new ChatAppInstallation
        {
            App = ChatApp.Teams, TeamId = ChatAppInstallation.TeamsWebhook, TeamName = "Microsoft Teams", Secret = chatApps.Protect(DemoTeamsToken),
            InstalledById = demoAdmin.Id, CreatedUtc = now.AddDays(-3), UpdatedUtc = now.AddDays(-3),
        });
        db.ChatAccounts.Add(new ChatAccount { App = ChatApp.Teams, TeamId = ChatAppInstallation.TeamsWebhook, ExternalUserId = DemoTeamsUser, UserId = mentor.Id });
        // Settings on first start: notifications on for the demo mentor's phone, which the app's own stand-in push service
        // plays (Notifications.PushSetup.MapDevelopmentPush): his reminders reach "the phone" as well as his inbox.
        using (var phone = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            var q = phone.ExportParameters(false).Q;
            db.PushDevices.Add(new PushDevice
            {
                UserId = mentor.Id, Endpoint = app.Value.Link(Notifications.PushOptions.DevelopmentPath + "demo-phone"), Label = "Chrome|Android",
                P256dh = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]),
                Auth = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
                CreatedUtc = now.AddDays(-2), UpdatedUtc = now.AddDays(-2),
            });
        }

        await db.SaveChangesAsync(ct);

        await SeedVoiceAsync(program, colleagues, mentor.Id, current, random, ct);
        return true;
    }

    /// <summary>
    /// The colleague's voice on first start: eight weeks of confirmations (most confirmed, a few "didn't happen", some
    /// unanswered, a shared comment for the demo mentor), one colleague who opted out of emails and naming, a concern,
    /// and two quarters of pulse answers. Last week is left unasked: the confirmation job emails it on first start.
    /// </summary>
    private async Task SeedVoiceAsync(PledgeProgram program, List<Colleague> colleagues, string mentorId, PledgeWeek current, Random random, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = current.Monday.AddDays(-7 * 9);
        var to = current.Previous.Previous.Monday;
        var actions = await db.Actions.Where(a => a.ProgramId == program.Id && a.WeekStart >= from && a.WeekStart <= to)
            .OrderBy(a => a.WeekStart).ThenBy(a => a.Id).Select(a => new { a.Id, a.ColleagueId, a.MentorId, a.Kind, a.WeekStart }).ToListAsync(ct);
        var mentorsFirstCoffee = actions.FirstOrDefault(a => a.MentorId == mentorId && a.Kind == ActionKind.Coffee && a.WeekStart == to)?.Id;
        var mentorsNotRecognised = actions.FirstOrDefault(a => a.MentorId == mentorId && a.Kind == ActionKind.ShoutOut && a.WeekStart < to)?.Id;
        foreach (var a in actions)
        {
            var roll = random.NextDouble();
            var answer = a.Id == mentorsFirstCoffee ? ConfirmationAnswer.Happened
                : a.Id == mentorsNotRecognised ? ConfirmationAnswer.DidNotHappen
                : roll < 0.68 ? ConfirmationAnswer.Happened : roll < 0.76 ? ConfirmationAnswer.DidNotHappen : (ConfirmationAnswer?)null;
            var asked = new PledgeWeek(a.WeekStart).Next.Monday.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            db.Confirmations.Add(new Confirmation
            {
                ActionId = a.Id,
                ColleagueId = a.ColleagueId,
                AskedUtc = asked,
                Answer = answer,
                Usefulness = answer == ConfirmationAnswer.Happened ? (a.Kind == ActionKind.SponsorNote ? 5 : 3 + random.Next(0, 3)) : null,
                Comment = a.Id == mentorsFirstCoffee ? DemoSharedComment : null,
                CommentShared = a.Id == mentorsFirstCoffee,
                AnsweredUtc = answer is null ? null : asked.AddDays(1),
            });
        }

        foreach (var week in PledgeWeek.Range(new PledgeWeek(from), new PledgeWeek(to)))
        {
            db.ConfirmationRounds.Add(new ConfirmationRound
            {
                WeekStart = week.Monday, SentUtc = week.Next.Monday.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
                Actions = actions.Count(a => a.WeekStart == week.Monday), Colleagues = actions.Where(a => a.WeekStart == week.Monday).Select(a => a.ColleagueId).Distinct().Count(),
            });
        }

        // The last colleague opted out of both: no emails, and "a colleague" in reports; mentors' pickers no longer offer her.
        var optedOut = colleagues[^1];
        optedOut.EmailsStopped = true;
        optedOut.NotNamed = true;
        optedOut.ConsentChangedUtc = now.AddDays(-10);
        db.Concerns.Add(new Concern
        {
            ColleagueId = colleagues[3].Id, Message = notes.Protect(DemoConcern)!, CreatedUtc = now.AddDays(-2),
            ReplyTo = Shared.ConcernReplies.ReplyToOf(notes, colleagues[3].Id),
        });

        // A second concern, anonymous, that HR took on: in progress, with an internal note and a reply she reads through her link.
        var hr = await db.Users.Where(u => u.Email == HrEmail).Select(u => u.Id).SingleAsync(ct);
        db.Concerns.Add(new Concern
        {
            Message = notes.Protect(DemoHandledConcern)!, CreatedUtc = now.AddDays(-6), FirstReadUtc = now.AddDays(-6).AddHours(3),
            State = ConcernState.InProgress, OwnerId = hr, ReplyTo = Shared.ConcernReplies.ReplyToOf(notes, colleagues[2].Id),
            Entries =
            [
                new ConcernEntry { Kind = ConcernEntryKind.Note, Text = notes.Protect(DemoConcernNote)!, AuthorId = hr, CreatedUtc = now.AddDays(-5) },
                new ConcernEntry { Kind = ConcernEntryKind.Reply, Text = notes.Protect(DemoConcernReply)!, AuthorId = hr, CreatedUtc = now.AddDays(-4) },
            ],
        });


        // Two quarters of pulse answers from seven mentors (not the demo mentor: the card is theirs to answer) and a dozen colleagues.
        var months = fiscal.StartMonth;
        var latest = fiscal.CurrentQuarter(program).Previous(months);
        var otherMentors = await db.Enrolments.Where(e => e.ProgramId == program.Id && e.MentorId != mentorId).OrderBy(e => e.Id).Select(e => e.MentorId).ToListAsync(ct);
        foreach (var (quarter, mentorScores, colleagueScores) in new[]
        {
            (latest, new[] { 5, 4, 4, 5, 4, 3, 4 }, new[] { 4, 2, 3, 4, 2, 5, 3, 2, 4, 3, 2, 4 }),
            (latest.Previous(months), new[] { 4, 5, 4, 3, 4, 4 }, new[] { 2, 3, 4, 2, 3, 2, 4, 3, 2, 3, 4 }),
        })
        {
            for (var i = 0; i < mentorScores.Length; i++)
            {
                db.PulseResponses.Add(new PulseResponse { ProgramId = program.Id, QuarterStart = quarter.Start, Respondent = otherMentors[i] });
            }

            for (var i = 0; i < colleagueScores.Length; i++)
            {
                db.PulseResponses.Add(new PulseResponse { ProgramId = program.Id, QuarterStart = quarter.Start, Respondent = PulseResponse.ForColleague(colleagues[i].Id) });
            }

            db.PulseTallies.AddRange(mentorScores.Select(score => (Side: PulseSide.Mentor, score)).Concat(colleagueScores.Select(score => (Side: PulseSide.Colleague, score)))
                .GroupBy(a => a).Select(g => new PulseTally { ProgramId = program.Id, QuarterStart = quarter.Start, Side = g.Key.Side, Score = g.Key.score, Count = g.Count() }));
            db.PulseRounds.Add(new PulseRound { QuarterStart = quarter.Start, SentUtc = now, Colleagues = colleagueScores.Length });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A large deterministic program for benchmarks: N mentors, W weeks up to this one, set-based inserts in
    /// batches. Refuses a database that already holds seeded mentors.
    /// </summary>
    public async Task<SeedReport> SeedBulkAsync(int mentors, int weeks, int seed, Action<string>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail!.EndsWith("@SEED.LOCAL"), ct))
        {
            throw new InvalidOperationException(
                "This database already holds seeded mentors. Point ConnectionStrings:Allyship at a new file, or delete the old one.");
        }

        var random = new Random(seed);
        var generator = new PledgeDataGenerator(random);
        var zone = TimeZones.Find(ProgramTimeZone);
        var today = PledgeWeek.LocalDate(clock.GetUtcNow(), zone);
        var current = PledgeWeek.Containing(today);
        var first = new PledgeWeek(current.Monday.AddDays(-7 * (weeks - 1)));
        var stamp = first.StartUtc(zone);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One connection for the whole load. On SQLite, skip the fsync after each batch: a seed that dies is re-run on a
        // new file anyway, and the setting ends with this connection.
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=OFF;", ct);
        }

        var program = NewProgram($"Benchmark pledge (seed {seed})", first, stamp);
        program.TargetLevels = "Associate, Analyst, Engineer II";
        db.Programs.Add(program);
        var colleagues = NewColleagues(Math.Max(20, mentors / 2), random, stamp, emailDomain: "seed.local");
        db.Colleagues.AddRange(colleagues);
        await db.SaveChangesAsync(ct);
        generator.Leaders = await AddLeadersAsync(stamp, "seed.local", ct);
        db.ChangeTracker.Clear();
        var colleagueIds = colleagues.Select(c => c.Id).ToList();

        var mentorRoleId = await db.Roles.Where(r => r.Name == Roles.Mentor).Select(r => r.Id).SingleAsync(ct);
        // Hashing is deliberately slow; every seeded mentor shares one hash of the demo password.
        var passwordHash = users.PasswordHasher.HashPassword(new AppUser(), DemoPassword);

        var actions = 0;
        const int batch = 1000;
        var pending = new List<PledgeAction>();
        for (var start = 0; start < mentors; start += batch)
        {
            var end = Math.Min(mentors, start + batch);
            for (var i = start; i < end; i++)
            {
                var email = $"mentor{i + 1:D5}@seed.local";
                var user = new AppUser
                {
                    Id = generator.DeterministicId(),
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    PasswordHash = passwordHash,
                    SecurityStamp = generator.DeterministicId(),
                    ConcurrencyStamp = generator.DeterministicId(),
                    LockoutEnabled = true,
                    DisplayName = $"{generator.Pick(DemoText.MentorFirstNames)} {generator.Pick(DemoText.LastNames)}",
                    Department = generator.Pick(DemoText.Departments),
                    CreatedUtc = stamp,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = mentorRoleId });
                db.Enrolments.Add(new Enrolment { ProgramId = program.Id, MentorId = user.Id, CreatedUtc = stamp, UpdatedUtc = stamp });
                var reliability = 0.2 + (0.78 * random.NextDouble());
                pending.AddRange(generator.History(user.Id, program.Id, colleagueIds, first, current, today, reliability, stamp));
            }

            // Users and enrolments go through EF (they are few); the actions, the bulk of the data, go through one prepared insert.
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.SaveChangesAsync(ct);
                await using var insert = await BulkInsert<PledgeAction>.CreateAsync(db, ct);
                foreach (var action in pending)
                {
                    await insert.AddAsync(action, ct);
                }

                await transaction.CommitAsync(ct);
            }

            actions += pending.Count;
            pending.Clear();
            db.ChangeTracker.Clear();
            progress?.Invoke($"  {end:N0} of {mentors:N0} mentors, {actions:N0} actions ({stopwatch.Elapsed.TotalSeconds:F0} s)");
        }

        // A year of outcome events, the first tenth of the directory the "favourites".
        db.Outcomes.AddRange(generator.Outcomes(colleagueIds, colleagueIds.Take(colleagueIds.Count / 10).ToHashSet(), today, stamp));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        if (db.Database.IsSqlite())
        {
            // A million fresh rows: give the query planner statistics to choose indexes with.
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
        }

        await db.Database.CloseConnectionAsync();
        return new SeedReport(mentors, colleagues.Count, actions, stopwatch.Elapsed);
    }

    private static PledgeProgram NewProgram(string name, PledgeWeek first, DateTime stamp) => new()
    {
        Name = name,
        Description = "Every week: 30 minutes of coffee with a talented junior colleague, a 5-minute shout-out and a 1-minute sponsor note.",
        TimeZoneId = ProgramTimeZone,
        StartDate = first.Monday,
        CreatedUtc = stamp,
        UpdatedUtc = stamp,
    };

    /// <summary>The senior leaders of <see cref="DemoText.LeaderNames"/>, in the directory and marked leader.</summary>
    private async Task<List<(int Id, string Name)>> AddLeadersAsync(DateTime stamp, string emailDomain, CancellationToken ct)
    {
        var leaders = DemoText.LeaderNames.Select((name, i) => new Colleague
        {
            Name = name,
            Email = $"{name.Replace(' ', '.')}@{emailDomain}".ToLowerInvariant(),
            Department = "Leadership",
            Level = DemoText.SeniorLeaders[i],
            IsLeader = true,
            CreatedUtc = stamp,
            UpdatedUtc = stamp,
        }).ToList();
        db.Colleagues.AddRange(leaders);
        await db.SaveChangesAsync(ct);
        return leaders.Select(l => (l.Id, l.Name)).ToList();
    }

    private static List<Colleague> NewColleagues(int count, Random random, DateTime stamp, string emailDomain = "demo.local")
    {
        var list = new List<Colleague>(count);
        for (var i = 0; i < count; i++)
        {
            var first = DemoText.FirstNames[i % DemoText.FirstNames.Length];
            var last = DemoText.LastNames[(i / DemoText.FirstNames.Length + (i * 7)) % DemoText.LastNames.Length];
            list.Add(new Colleague
            {
                Name = $"{first} {last}",
                Email = $"{first}.{last}.{i + 1}@{emailDomain}".ToLowerInvariant(),
                Department = DemoText.Departments[random.Next(DemoText.Departments.Length)],
                Level = DemoText.Levels[random.Next(DemoText.Levels.Length)],
                CreatedUtc = stamp,
                UpdatedUtc = stamp,
            });
        }

        return list;
    }

    private async Task<AppUser> CreateUserAsync(string email, string displayName, string role, string? department = null)
    {
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, Department = department,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        // The demo password is one the screening refuses for real accounts (it is published): hashed here, not set.
        user.PasswordHash = users.PasswordHasher.HashPassword(user, DemoPassword);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }
}

public static class DemoSeederExtensions
{
    /// <summary>In Development an empty database gets the demo, and the demo accounts are printed.</summary>
    public static async Task SeedDemoIfDevelopmentAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || !app.Configuration.GetValue("Demo:Seed", true))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var seeded = await seeder.SeedDevelopmentDemoAsync();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Allyship.Demo");
        log.LogInformation(
            "{What} Demo accounts: {Mentor}, {Admin}, {Hr} — password {Password}",
            seeded ? "Seeded the demo program." : "Demo data present.",
            DemoSeeder.MentorEmail, DemoSeeder.AdminEmail, DemoSeeder.HrEmail, DemoSeeder.DemoPassword);
    }
}
