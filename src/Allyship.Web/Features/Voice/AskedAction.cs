using Allyship.Web.Data;

namespace Allyship.Web.Features.Voice;

/// <summary>
/// An action as the colleague it names may see it: who, what, when, and only the public parts (coffee topics, the
/// shout-out's achievement and where, the sponsor note's leader and accomplishment). Never private notes: they are not
/// even read. The email and the confirmation page both describe actions with <see cref="Describe"/>.
/// </summary>
public sealed record AskedAction(
    int ActionId, ActionKind Kind, DateOnly OccurredOn, string MentorName, string ProgramName,
    string? Topics, string? Achievement, string? WhereGiven, string? SeniorLeader, string? Accomplishment)
{
    public string Title => Kind switch
    {
        ActionKind.Coffee => $"Coffee with {MentorName}",
        ActionKind.ShoutOut => $"Shout-out from {MentorName}",
        _ => $"Sponsor note from {MentorName}",
    };

    public string When => OccurredOn.ToString("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The public details, as one sentence; null when the mentor wrote none.</summary>
    public string? Describe() => Kind switch
    {
        ActionKind.Coffee => Topics is { Length: > 0 } t ? $"Talked about: {t}" : null,
        ActionKind.ShoutOut => Join(Achievement is { Length: > 0 } a ? $"For: {a}" : null, WhereGiven is { Length: > 0 } w ? $"Where: {w}" : null),
        _ => Join(SeniorLeader is { Length: > 0 } l ? $"Told {l}" : null, Accomplishment is { Length: > 0 } c ? $"about: {c}" : null),
    };

    private static string? Join(string? a, string? b) => a is null && b is null ? null : string.Join(" · ", new[] { a, b }.Where(x => x is not null));
}
