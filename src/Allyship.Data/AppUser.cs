using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Data;

public sealed class AppUser : IdentityUser, IHasCreatedUtc
{
    public const int PreferredNameMaxLength = 60;

    public string DisplayName { get; set; } = "";

    /// <summary>What emails greet her by ("Bea" for Beatrice Ng); when empty, the first word of <see cref="DisplayName"/>.</summary>
    public string? PreferredName { get; set; }

    /// <summary>The language she reads the app in ("en", "fr", "es"); null: her browser's, else English.</summary>
    public string? Language { get; set; }

    public const int LanguageMaxLength = 16;

    /// <summary>The mentor's own department, for the dashboard's and reports' breakdowns.</summary>
    public string? Department { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>
    /// The last authenticator time step (30-second window since the Unix epoch) a code was accepted for: a code for this
    /// step or an earlier one is refused, so a code seen over someone's shoulder cannot be used again.
    /// </summary>
    public long? LastTotpStep { get; set; }

    /// <summary>
    /// When a program admin switched the account off (someone who left): no sign-in, no email, no program. Its history
    /// stays and is still counted in past reports. Null for an active account.
    /// </summary>
    public DateTime? DeactivatedUtc { get; set; }

    public bool IsActive => DeactivatedUtc is null;

    /// <summary><see cref="IsActive"/> for database queries.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<AppUser, bool>> Active = u => u.DeactivatedUtc == null;

    /// <summary>Made by `create-admin`: may sign in with a password even when `Authentication:PasswordSignIn` is off.</summary>
    public bool BreakGlass { get; set; }
}
