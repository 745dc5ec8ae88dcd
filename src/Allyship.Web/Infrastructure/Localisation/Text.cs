using Microsoft.Extensions.Localization;

namespace Allyship.Web.Infrastructure.Localisation;

/// <summary>
/// The app's shared words, for <c>IStringLocalizer&lt;Text&gt;</c>: the English text is the key (Resources/Infrastructure.Localisation.Text.*.resx
/// hold French and Spanish, in the product's vocabulary of docs/glossary.fr.md and docs/glossary.es.md).
/// </summary>
public sealed class Text
{
    /// <summary>
    /// The same words for code with no services to ask: a record's title, a rule's sentence, a job's email subject. Read in
    /// the current UI culture, which a request sets and <see cref="Cultures.Use"/> sets for an email's recipient.
    /// </summary>
    public static IStringLocalizer Words { get; } = LocalisationSetup.StandaloneFactory().Create(typeof(Text));
}
