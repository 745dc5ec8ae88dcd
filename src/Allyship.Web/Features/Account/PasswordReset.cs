using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Account;

/// <summary>
/// Forgotten password: an emailed link that works once, within an hour. The request looks the same whether or not the
/// email has an account (same page, and the same database work: a security event either way, the email only for a real one).
/// Set-password links from `create-admin` use the same page with a week-long token (<see cref="Via.Setup"/>).
/// </summary>
public static class PasswordReset
{
    public const string Provider = "ForgotPassword";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public enum Via
    {
        Setup,
        Reset,
    }

    public static string Link(string baseUrl, string userId, string token, Via via) =>
        $"{baseUrl}/account/set-password?userId={Uri.EscapeDataString(userId)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}"
        + (via == Via.Reset ? "&via=reset" : "");

    public sealed record EmailModel(string Name, string Link);

    public sealed class Handler(
        AllyshipDbContext db,
        UserManager<AppUser> users,
        SecurityEvents events,
        Infrastructure.Accounts.AuthenticationSettings authentication,
        TimeProvider clock,
        IOptions<AppOptions> app,
        EmailRenderer renderer,
        Infrastructure.Localisation.OfferedLanguages languages)
    {
        public async Task RequestAsync(string? email, CancellationToken ct)
        {
            var normalized = string.IsNullOrWhiteSpace(email) ? "" : EmailAddress.Normalize(email);
            var user = EmailAddress.IsValid(normalized) ? await users.FindByEmailAsync(normalized) : null;
            await db.InTransactionAsync(async () =>
            {
                // A password is no use where only single sign-on is allowed (break-glass accounts excepted): no link then.
                var mayUsePassword = authentication.PasswordSignIn || user is { BreakGlass: true };
                events.Record(SecurityEvents.ResetRequested, user, normalized.Length > 0 ? normalized : "(no email)",
                    user is null ? "no account" : !user.IsActive ? "account deactivated: no email" : mayUsePassword ? null : "passwords are off: no email");
                if (user is { IsActive: true } && mayUsePassword)
                {
                    var token = await users.GenerateUserTokenAsync(user, Provider, UserManager<AppUser>.ResetPasswordTokenPurpose);
                    var link = Link(app.Value.BaseUrl.TrimEnd('/'), user.Id, token, Via.Reset);
                    using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(user.Language ?? System.Globalization.CultureInfo.CurrentUICulture.Name));
                    var content = await renderer.RenderAsync<PasswordResetEmail, EmailModel>(Infrastructure.Localisation.Text.Words["Reset your Allyship password"],
                        new EmailModel(Words.Greeting(user), link));
                    var now = clock.GetUtcNow().UtcDateTime;
                    db.Emails.Add(new OutgoingEmail(user.Email!, user.DisplayName, content.Subject, content.Html, content.Text, EmailKind.PasswordReset,
                        $"password-reset:{user.Id}:{now.Ticks}").ToRow(now));
                }

                return true;
            }, ct);
        }

        /// <summary>The account a link is for, when its token is valid; null otherwise.</summary>
        public async Task<AppUser?> CheckAsync(string? userId, string? code, Via via)
        {
            var (user, token) = await ReadAsync(userId, code);
            return user is { IsActive: true } && token is not null && await users.VerifyUserTokenAsync(user, ProviderOf(via), UserManager<AppUser>.ResetPasswordTokenPurpose, token)
                ? user
                : null;
        }

        /// <summary>Sets the new password (once: the new security stamp invalidates the link and every session).</summary>
        public async Task<(AppUser? User, IReadOnlyList<FieldError> Errors)> SetAsync(string? userId, string? code, Via via, string password, CancellationToken ct)
        {
            if (await CheckAsync(userId, code, via) is not { } user)
            {
                return (null, []);
            }

            return await db.InTransactionAsync<(AppUser?, IReadOnlyList<FieldError>)>(async () =>
            {
                var validation = new List<FieldError>();
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, user, password);
                    validation.AddRange(result.Errors.Select(e => new FieldError("Password", e.Description)));
                }

                if (validation.Count > 0)
                {
                    return (user, validation);
                }

                if (await users.HasPasswordAsync(user))
                {
                    Identity.Check(await users.RemovePasswordAsync(user));
                }

                Identity.Check(await users.AddPasswordAsync(user, password));
                Identity.Check(await users.SetLockoutEndDateAsync(user, null));
                events.Record(via == Via.Reset ? SecurityEvents.PasswordReset : SecurityEvents.PasswordSet, user);
                return (user, []);
            }, ct);
        }

        private static string ProviderOf(Via via) => via == Via.Reset ? Provider : TokenOptions.DefaultProvider;

        private async Task<(AppUser? User, string? Token)> ReadAsync(string? userId, string? code)
        {
            if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code))
            {
                return (null, null);
            }

            string token;
            try
            {
                token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
            }
            catch (FormatException)
            {
                return (null, null);
            }

            return (await users.FindByIdAsync(userId), token);
        }
    }

    public static Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<IOptions<AppOptions>>().Value;
        return services.GetRequiredService<EmailRenderer>().RenderAsync<PasswordResetEmail, EmailModel>(Infrastructure.Localisation.Text.Words["Reset your Allyship password"],
            new EmailModel("Ben", Link(app.BaseUrl.TrimEnd('/'), "sample-user", "sample-token", Via.Reset)));
    }
}

/// <summary>The one-hour token behind "forgot password" links (set-password links from create-admin last a week).</summary>
public sealed class ForgotPasswordTokenProvider(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection,
    IOptions<ForgotPasswordTokenOptions> options,
    ILogger<DataProtectorTokenProvider<AppUser>> log) : DataProtectorTokenProvider<AppUser>(protection, options, log);

public sealed class ForgotPasswordTokenOptions : DataProtectionTokenProviderOptions;
