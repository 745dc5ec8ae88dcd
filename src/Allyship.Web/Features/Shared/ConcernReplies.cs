using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Infrastructure.Privacy;

namespace Allyship.Web.Features.Shared;

/// <summary>Settings under "Concerns".</summary>
public sealed class ConcernOptions
{
    public const string Section = "Concerns";

    /// <summary>The program team aims to reply to a concern within this many working days (Monday to Friday); told to her, and reminded when it passes.</summary>
    [Range(1, 60, ErrorMessage = "Concerns:ReplyWithinWorkingDays must be between 1 and 60.")]
    public int ReplyWithinWorkingDays { get; set; } = 5;

    /// <summary>What she reads after sending, and the team reads beside the due date.</summary>
    public string Promise => Text.Words.Plural(ReplyWithinWorkingDays, "We aim to reply within {0} working day.", "We aim to reply within {0} working days.");
}

/// <summary>
/// The tie between a concern and the colleague who raised it that only the app can read (<see cref="Data.Concern.ReplyTo"/>):
/// her id encrypted with the concerns' own protector, so an anonymous concern stays anonymous to the team while her
/// link still finds the replies. Her page decrypts the few ties there are; no index could find her without the key.
/// </summary>
public static class ConcernReplies
{
    private const string Prefix = "colleague:";

    public static string ReplyToOf(NoteProtector protector, int colleagueId) =>
        protector.Protect(Prefix + colleagueId.ToString(CultureInfo.InvariantCulture))!;

    public static bool IsFor(NoteProtector protector, string? replyTo, int colleagueId) =>
        replyTo is not null && protector.Unprotect(replyTo) == Prefix + colleagueId.ToString(CultureInfo.InvariantCulture);
}
