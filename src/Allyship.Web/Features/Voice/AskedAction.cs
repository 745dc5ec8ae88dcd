using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;

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
        ActionKind.Coffee => Text.Words["Coffee with {0}", MentorName].Value,
        ActionKind.ShoutOut => Text.Words["Shout-out from {0}", MentorName].Value,
        _ => Text.Words["Sponsor note from {0}", MentorName].Value,
    };

    public string When => Text.Words["{0:dddd d MMMM}", OccurredOn.ToDateTime(TimeOnly.MinValue)];

    /// <summary>The public details, as one sentence; null when the mentor wrote none.</summary>
    public string? Describe() => Kind switch
    {
        ActionKind.Coffee => Topics is { Length: > 0 } t ? Text.Words["Talked about: {0}", t].Value : null,
        ActionKind.ShoutOut => Join(Achievement is { Length: > 0 } a ? Text.Words["For: {0}", a].Value : null, WhereGiven is { Length: > 0 } w ? Text.Words["Where: {0}", w].Value : null),
        _ => Join(SeniorLeader is { Length: > 0 } l ? Text.Words["Told {0}", l].Value : null, Accomplishment is { Length: > 0 } c ? Text.Words["about: {0}", c].Value : null),
    };

    private static string? Join(string? a, string? b) => a is null && b is null ? null : string.Join(" · ", new[] { a, b }.Where(x => x is not null));
}
