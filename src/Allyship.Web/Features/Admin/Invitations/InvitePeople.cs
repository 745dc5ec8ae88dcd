using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Csv;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Invitations;

/// <summary>
/// Invite one or many people by email into a program as mentors, and grant admin or HR roles. Each new person gets
/// an email with a one-time link valid for 7 days; someone who already has an account is enrolled straight away.
/// </summary>
public static class InvitePeople
{
    public const int MaxPerBatch = 500;

    public sealed class Input
    {
        public string? Emails { get; set; }
        public int? ProgramId { get; set; }
        public bool Mentor { get; set; } = true;
        public bool ProgramAdmin { get; set; }
        public bool HR { get; set; }
        public string? Department { get; set; }

        public List<string> Roles() =>
            [.. new[] { (Mentor, Data.Roles.Mentor), (ProgramAdmin, Data.Roles.ProgramAdmin), (HR, Data.Roles.HR) }.Where(r => r.Item1).Select(r => r.Item2)];
    }

    /// <summary>
    /// What happened: errors in the form itself stop everything; an address that can't be invited (malformed, a
    /// deactivated account, yourself) is skipped with its reason and handed back, and the others are sent.
    /// </summary>
    public sealed record Result(int Invited, int Enrolled, IReadOnlyList<FieldError> Errors, IReadOnlyList<Skip>? Skipped = null)
    {
        public IReadOnlyList<Skip> NotSent => Skipped ?? [];
    }

    /// <summary>One address left out: what was typed (to correct and send again) and why.</summary>
    public sealed record Skip(string Value, string Reason);

    public sealed record Row(int Id, string Email, string? Program, string Roles, string Status, DateTime ExpiresUtc, int TimesSent);

    /// <summary>Emails from the text box (one per line, or separated by commas or semicolons) and an optional CSV with an "email" column.</summary>
    public static (List<string> Emails, List<FieldError> Errors, List<Skip> Skipped) ParseEmails(string? text, CsvText.Result? csv)
    {
        var emails = new List<string>();
        var errors = new List<FieldError>();
        var skipped = new List<Skip>();
        var lines = (text ?? "").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            foreach (var raw in lines[n].Split([',', ';', '\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var email = raw.Trim('<', '>', '"', '\'');
                if (EmailAddress.IsValid(email))
                {
                    emails.Add(Colleague.NormalizeEmail(email));
                }
                else
                {
                    skipped.Add(new(raw, Infrastructure.Localisation.Text.Words["Line {0}: “{1}” is not an email address.", n + 1, raw].Value));
                }
            }
        }

        if (csv is not null)
        {
            if (csv.Error is not null)
            {
                errors.Add(new("File", csv.Error));
            }
            else if (csv.Records.Count > 0)
            {
                var header = csv.Records[0].Fields;
                var column = header.ToList().FindIndex(h => string.Equals(h, "email", StringComparison.OrdinalIgnoreCase));
                if (column < 0)
                {
                    errors.Add(new("File", "The CSV file needs a header row with an \"email\" column."));
                }
                else
                {
                    foreach (var record in csv.Records.Skip(1))
                    {
                        var email = column < record.Fields.Count ? record.Fields[column] : "";
                        if (EmailAddress.IsValid(email))
                        {
                            emails.Add(Colleague.NormalizeEmail(email));
                        }
                        else
                        {
                            skipped.Add(new(email, Infrastructure.Localisation.Text.Words["File line {0}: “{1}” is not an email address.", record.Line, email].Value));
                        }
                    }
                }
            }
        }

        return (emails.Distinct(StringComparer.Ordinal).ToList(), errors, skipped);
    }

    /// <summary>What an invitation says: who invites you into what, the one step, and until when the link works.</summary>
    public sealed record InvitationEmailModel(string? Inviter, string What, string Step, string Link, string Expires)
    {
        public string From => Inviter is null ? Infrastructure.Localisation.Text.Words["You're invited"] : Infrastructure.Localisation.Text.Words["{0} invites you", Inviter];
    }

    public sealed class Handler(
        AllyshipDbContext db,
        UserManager<AppUser> users,
        AuditLog audit,
        TimeProvider clock,
        IOptions<AppOptions> app,
        EmailRenderer renderer,
        Infrastructure.Localisation.OfferedLanguages languages)
    {
        public async Task<Result> InviteAsync(ClaimsPrincipal actor, Input input, CsvText.Result? csv, CancellationToken ct)
        {
            var (emails, errors, skipped) = ParseEmails(input.Emails, csv);
            var roles = input.Roles();
            if (roles.Count == 0)
            {
                errors.Add(new("Roles", "Choose at least one role: mentor, program admin or HR."));
            }

            PledgeProgram? program = null;
            if (input.ProgramId is { } programId)
            {
                program = await db.Programs.Where(PledgeProgram.Live).SingleOrDefaultAsync(p => p.Id == programId, ct);
                if (program is null)
                {
                    errors.Add(new("ProgramId", "Choose a program from the list."));
                }
            }
            else if (input.Mentor)
            {
                errors.Add(new("ProgramId", "Choose the program the mentors join."));
            }

            if (emails.Count == 0 && skipped.Count == 0 && errors.Count == 0)
            {
                errors.Add(new("Emails", "Enter at least one email address, or upload a CSV file with an \"email\" column."));
            }

            if (emails.Count > MaxPerBatch)
            {
                errors.Add(new("Emails", Infrastructure.Localisation.Text.Words["At most {0} people at a time; you entered {1}. Split the list.", MaxPerBatch, emails.Count].Value));
            }

            if (input.Department is { Length: > Colleague.DepartmentMaxLength })
            {
                errors.Add(new("Department", Infrastructure.Localisation.Text.Words["The department can be at most {0} characters.", Colleague.DepartmentMaxLength].Value));
            }

            if (roles.Contains(Data.Roles.HR) && RoleRules.RefusalFor(actor, "", Data.Roles.HR) is { } hrRefusal)
            {
                errors.Add(new("Roles", hrRefusal));
            }

            foreach (var email in emails)
            {
                if (await users.FindByEmailAsync(email) is { } existing)
                {
                    if (RoleRules.RefusalFor(actor, existing.Id, null) is { } selfRefusal)
                    {
                        skipped.Add(new(email, $"{email}: {selfRefusal}"));
                    }
                    else if (!existing.IsActive)
                    {
                        skipped.Add(new(email, Infrastructure.Localisation.Text.Words["{0} is deactivated: reactivate the account on the People page first.", email].Value));
                    }
                }
            }

            emails.RemoveAll(email => skipped.Any(s => s.Value == email));
            if (errors.Count > 0 || emails.Count == 0)
            {
                // Something in the form itself, or no address left to send to: nothing is sent, every reason is shown.
                return new Result(0, 0, [.. errors, .. skipped.Select(s => new FieldError("Emails", s.Reason))]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var department = string.IsNullOrWhiteSpace(input.Department) ? null : input.Department.Trim();
            var actorId = actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

            var inviter = await InviterAsync(actorId, ct);

            // Role grants (which UserManager saves as it goes), enrolments, invitations, their emails and audit entries:
            // one commit, so a failure half-way leaves no one half-invited.
            return await db.InTransactionAsync(async () =>
            {
                int invited = 0, enrolled = 0;
                foreach (var email in emails)
                {
                    var user = await users.FindByEmailAsync(email);
                    if (user is not null && await AddsNoRoleAsync(user, roles))
                    {
                        // Nothing new to accept: an existing mentor joins another program straight away.
                        await EnrolAsync(actor, user, roles, program, department, ct);
                        enrolled++;
                        continue;
                    }

                    // A new account, or a role an existing account does not have: pending until the person accepts it
                    // from their own email (with their password or single sign-on).

                    var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Email == email && i.Status == InvitationStatus.Pending, ct);
                    if (invitation is null)
                    {
                        invitation = new Invitation { Email = email, InvitedById = actorId, CreatedUtc = now };
                        db.Invitations.Add(invitation);
                    }

                    invitation.ProgramId = program?.Id;
                    invitation.Roles = string.Join(',', roles);
                    invitation.Department = department;
                    await SendAsync(invitation, program, now, existingAccount: user is not null, inviter);
                    audit.Record(actor, "invitation.send", email, $"roles {invitation.Roles}{(program is null ? "" : $"; program \"{program.Name}\"")}");
                    invited++;
                }

                return new Result(invited, enrolled, [], skipped);
            }, ct);
        }

        /// <summary>The program the form starts on: the only one, else the one this admin last invited people into.</summary>
        public async Task<int?> DefaultProgramAsync(ClaimsPrincipal actor, CancellationToken ct)
        {
            var open = await db.Programs.AsNoTracking().Where(PledgeProgram.Live).Select(p => p.Id).Take(2).ToListAsync(ct);
            if (open.Count == 1)
            {
                return open[0];
            }

            var actorId = actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            return await db.Invitations.AsNoTracking()
                .Where(i => i.InvitedById == actorId && i.ProgramId != null).Where(PledgeProgram.Live.Through((Invitation i) => i.Program!))
                .OrderByDescending(i => i.CreatedUtc).Select(i => i.ProgramId).FirstOrDefaultAsync(ct);
        }

        /// <summary>The programs to invite into, and the latest invitations with their state.</summary>
        public async Task<(IReadOnlyList<(int Id, string Name)> Programs, IReadOnlyList<Row> Invitations)> ListAsync(CancellationToken ct)
        {
            var programs = (await db.Programs.AsNoTracking().Where(PledgeProgram.Live).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                .Select(p => (p.Id, p.Name)).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            var invitations = (await db.Invitations.AsNoTracking().OrderByDescending(i => i.UpdatedUtc).Take(200)
                    .Select(i => new { i.Id, i.Email, Program = i.Program != null ? i.Program.Name : null, i.Roles, i.Status, i.ExpiresUtc, i.TimesSent })
                    .ToListAsync(ct))
                .Select(i => new Row(i.Id, i.Email, i.Program, i.Roles.Replace(",", ", ", StringComparison.Ordinal),
                    new Invitation { Status = i.Status, ExpiresUtc = i.ExpiresUtc }.DisplayStatus(now), i.ExpiresUtc, i.TimesSent))
                .ToList();
            return (programs, invitations);
        }

        public async Task<bool> ResendAsync(ClaimsPrincipal actor, int id, CancellationToken ct)
        {
            var invitation = await db.Invitations.Include(i => i.Program).SingleOrDefaultAsync(i => i.Id == id && i.Status == InvitationStatus.Pending, ct);
            if (invitation is null)
            {
                return false;
            }

            await SendAsync(invitation, invitation.Program, clock.GetUtcNow().UtcDateTime, existingAccount: await users.FindByEmailAsync(invitation.Email) is not null,
                await InviterAsync(invitation.InvitedById, ct));
            audit.Record(actor, "invitation.resend", invitation.Email);
            await db.SaveChangesAsync(ct);
            return true;
        }

        public async Task<bool> RevokeAsync(ClaimsPrincipal actor, int id, CancellationToken ct)
        {
            var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.Status == InvitationStatus.Pending, ct);
            if (invitation is null)
            {
                return false;
            }

            invitation.Status = InvitationStatus.Revoked;
            audit.Record(actor, "invitation.revoke", invitation.Email);
            await db.SaveChangesAsync(ct);
            return true;
        }

        /// <summary>Who the invitation is from, as the email names them: their name, else their address; null when unknown.</summary>
        private async Task<string?> InviterAsync(string? userId, CancellationToken ct) =>
            string.IsNullOrEmpty(userId) ? null
                : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName != "" ? u.DisplayName : u.Email).SingleOrDefaultAsync(ct);

        /// <summary>A new token each time: the previous link stops working the moment this one is issued.</summary>
        private async Task SendAsync(Invitation invitation, PledgeProgram? program, DateTime now, bool existingAccount, string? inviter)
        {
            // Written in the program's language, never the inviting admin's: the invitee has no language of her own yet.
            using var inTheProgramsLanguage = Infrastructure.Localisation.Cultures.Use(languages.Default);

            // Someone with an account accepts with the password (or company sign-in) they already have.
            string step = existingAccount ? Infrastructure.Localisation.Text.Words["Accept it with your Allyship password or company sign-in"] : Infrastructure.Localisation.Text.Words["Set your name and password"];
            var token = Invitation.NewToken();
            invitation.TokenHash = Invitation.Hash(token);
            invitation.ExpiresUtc = now + Invitation.Lifetime;
            invitation.TimesSent++;
            var link = app.Value.Link($"/invite/{token}");
            string what = program is null ? "Allyship" : Infrastructure.Localisation.Text.Words["the {0} program on Allyship", program.Name];
            var zone = program is null ? TimeZoneInfo.Utc : TimeZones.Find(program.TimeZoneId);
            string expires = Infrastructure.Localisation.Text.Words["{0:dddd d MMMM yyyy HH:mm} ({1})", TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(invitation.ExpiresUtc, DateTimeKind.Utc), zone), zone.Id];
            var model = new InvitationEmailModel(inviter, what, step, link, expires);
            var content = await renderer.RenderAsync<InvitationEmail, InvitationEmailModel>(Infrastructure.Localisation.Text.Words["You're invited to {0}", what], model);
            db.Emails.Add(new OutgoingEmail(invitation.Email, null, content.Subject, content.Html, content.Text, EmailKind.Invitation,
                $"invitation:{invitation.TokenHash[..24]}").ToRow(now));
        }

        private async Task<bool> AddsNoRoleAsync(AppUser user, List<string> roles)
        {
            var held = await users.GetRolesAsync(user);
            return roles.All(held.Contains);
        }

        private async Task EnrolAsync(ClaimsPrincipal actor, AppUser user, List<string> roles, PledgeProgram? program, string? department, CancellationToken ct)
        {
            if (department is not null && user.Department is null)
            {
                user.Department = department;
            }

            if (program is not null && roles.Contains(Data.Roles.Mentor))
            {
                var enrolment = await db.Enrolments.SingleOrDefaultAsync(e => e.ProgramId == program.Id && e.MentorId == user.Id, ct);
                if (enrolment is null)
                {
                    db.Enrolments.Add(new Enrolment { ProgramId = program.Id, MentorId = user.Id });
                    audit.Record(actor, "enrolment.add", user.Email!, $"program \"{program.Name}\"");
                }
                else if (enrolment.HasLeft)
                {
                    enrolment.Status = EnrolmentStatus.Active;
                    audit.Record(actor, "enrolment.rejoin", user.Email!, $"program \"{program.Name}\"");
                }
            }
        }
    }

    public static Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<IOptions<AppOptions>>().Value;
        return services.GetRequiredService<EmailRenderer>().RenderAsync<InvitationEmail, InvitationEmailModel>(Infrastructure.Localisation.Text.Words["You're invited to {0}", Infrastructure.Localisation.Text.Words["the {0} program on Allyship", "Engineering leaders"]],
            new InvitationEmailModel("Alex Morgan", Infrastructure.Localisation.Text.Words["the {0} program on Allyship", "Engineering leaders"], Infrastructure.Localisation.Text.Words["Set your name and password"], app.Link("/invite/sample-token"),
                Infrastructure.Localisation.Text.Words["{0:dddd d MMMM yyyy HH:mm} ({1})", new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Unspecified), "Europe/London"]));
    }
}
