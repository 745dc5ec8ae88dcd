using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Allyship.Web.Features.Shared;

/// <summary>What a colleague's link is for: a week's confirmations, a quarter's pulse, or a leader's weekly digest.</summary>
public enum VoicePurpose
{
    Confirm = 1,
    Pulse = 2,

    /// <summary>A senior leader's digest: the link only stops the program's emails (or opens their choices).</summary>
    LeaderDigest = 3,

    /// <summary>A coffee invitation: the link opens her choices and a private word with the program team (the coffee's day is the key).</summary>
    CoffeeInvite = 4,

    /// <summary>The email saying the program team replied to her concern: the link opens her concern page (the key is the day of the reply).</summary>
    ConcernReply = 5,
}

/// <summary>A colleague's link, read: whom it is for, what (a week's Monday or a quarter's first day), and when it was issued.</summary>
public sealed record VoiceLink(VoicePurpose Purpose, int ColleagueId, DateOnly Key, DateTime IssuedUtc)
{
    /// <summary>How long a colleague may answer, and change her answers: 30 days from the email.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public DateTime ExpiresUtc => IssuedUtc + Lifetime;
}

public enum VoiceLinkState
{
    Valid,

    /// <summary>Tampered, truncated or not ours: 400.</summary>
    Invalid,

    /// <summary>Genuine but older than <see cref="VoiceLink.Lifetime"/>: 410.</summary>
    Expired,
}

/// <summary>
/// Signed links for colleagues, who have no account: Data Protection signs and encrypts (colleague, purpose, key,
/// issued), so a changed character fails to unprotect. Expiry is checked against the app's clock.
/// </summary>
public sealed class VoiceTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    private IDataProtector Protector => protection.CreateProtector("Allyship.ColleagueVoice.v1");

    /// <summary>
    /// Loads the key ring (creating its first key if there is none) before a job opens its transaction: the ring lives in
    /// the database, and on SQLite a key written from inside another write transaction would wait for that transaction.
    /// </summary>
    public void EnsureKey() => _ = Protector.Protect("ready");

    public string Create(VoicePurpose purpose, int colleagueId, DateOnly key) =>
        Protector.Protect(string.Create(CultureInfo.InvariantCulture,
            $"{(int)purpose}\n{colleagueId}\n{key:yyyy-MM-dd}\n{clock.GetUtcNow().UtcTicks}"));

    public (VoiceLinkState State, VoiceLink? Link) Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return (VoiceLinkState.Invalid, null);
        }

        string payload;
        try
        {
            payload = Protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return (VoiceLinkState.Invalid, null);
        }
        catch (FormatException)
        {
            return (VoiceLinkState.Invalid, null);
        }

        var parts = payload.Split('\n');
        if (parts.Length != 4
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var purpose) || !Enum.IsDefined((VoicePurpose)purpose)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var colleagueId)
            || !DateOnly.TryParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var key)
            || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ticks))
        {
            return (VoiceLinkState.Invalid, null);
        }

        var link = new VoiceLink((VoicePurpose)purpose, colleagueId, key, new DateTime(ticks, DateTimeKind.Utc));
        return clock.GetUtcNow().UtcDateTime > link.ExpiresUtc ? (VoiceLinkState.Expired, link) : (VoiceLinkState.Valid, link);
    }
}

/// <summary>The addresses of a colleague's pages, all carrying the same signed token.</summary>
public sealed class VoiceLinks(VoiceTokens tokens, Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions> app)
{
    public string NewToken(VoicePurpose purpose, int colleagueId, DateOnly key) => tokens.Create(purpose, colleagueId, key);

    /// <inheritdoc cref="VoiceTokens.EnsureKey"/>
    public void EnsureKey() => tokens.EnsureKey();

    public string Confirm(string token) => app.Value.Link($"/confirm/{token}");

    public string Pulse(string token) => app.Value.Link($"/pulse/{token}");

    public string Choices(string token) => app.Value.Link($"/colleague/choices/{token}");

    /// <summary>The List-Unsubscribe address: a one-click POST here stops her emails.</summary>
    public string Stop(string token) => app.Value.Link($"/colleague/stop/{token}");

    public string Concern(string token) => app.Value.Link($"/colleague/concern/{token}");

    /// <summary>Her answer to a coffee invitation: can't make it, or another time.</summary>
    public string CoffeeAnswer(string token) => app.Value.Link($"/colleague/coffee/{token}");

    public ColleagueFooter Footer(string token) => new(Choices(token), Concern(token));
}

/// <summary>The links every email to a colleague ends with: her choices, and a private word with the program team.</summary>
public sealed record ColleagueFooter(string ChoicesLink, string ConcernLink)
{
    public Infrastructure.Email.EmailLink Stop => new(Infrastructure.Localisation.Text.Words["Stop these emails, or ask not to be named in the program"], ChoicesLink);

    public IReadOnlyList<Infrastructure.Email.EmailLink> More => [new(Infrastructure.Localisation.Text.Words["Something not right? Tell the program team privately (never the mentor)"], ConcernLink)];

    /// <summary>The footer of the sample emails on /admin/emails.</summary>
    public static ColleagueFooter Sample(Infrastructure.AppOptions app) => new(app.Link("/colleague/choices/sample-token"), app.Link("/colleague/concern/sample-token"));
}

/// <summary>
/// A colleague's link pages read in her language (the directory's <see cref="Data.Colleague.Language"/>, else the
/// program's), whatever her browser says: the language her emails come in. Asked before the browser's Accept-Language,
/// after <c>?culture=</c>; a link that is not genuine leaves the choice to the next provider.
/// </summary>
public sealed class ColleagueLinkCultureProvider : Microsoft.AspNetCore.Localization.RequestCultureProvider
{
    private static readonly string[] Pages = ["/confirm/", "/pulse/", "/colleague/"];

    public override async Task<Microsoft.AspNetCore.Localization.ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var path = httpContext.Request.Path.Value ?? "";
        if (!Pages.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var services = httpContext.RequestServices;
        var (state, link) = services.GetRequiredService<VoiceTokens>().Read(Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]));
        if (state == VoiceLinkState.Invalid || link is null)
        {
            return null;
        }

        var db = services.GetRequiredService<Data.AllyshipDbContext>();
        var tag = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            db.Colleagues.Where(c => c.Id == link.ColleagueId).Select(c => c.Language), httpContext.RequestAborted);
        var language = services.GetRequiredService<Infrastructure.Localisation.OfferedLanguages>().For(tag);
        return new Microsoft.AspNetCore.Localization.ProviderCultureResult(language);
    }
}
