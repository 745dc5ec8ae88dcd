namespace Allyship.Web.Features.Shared;

/// <summary>
/// The app's shared words, for <c>IStringLocalizer&lt;Text&gt;</c>: the English text is the key (Resources/Features.Shared.Text.*.resx
/// hold French and Spanish, in the product's vocabulary of docs/glossary.fr.md and docs/glossary.es.md).
/// </summary>
public sealed class Text;
