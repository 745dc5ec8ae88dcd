using System.Globalization;

namespace Allyship.Web.Data;

/// <summary>
/// The sentences the model's rules say (a colleague's missing name, a bad schedule), in the reader's language: the web
/// app sets <see cref="Localise"/> to its localizer when it starts (the English text is the key); until then, English.
/// </summary>
public static class Sentences
{
    public static Func<string, object?[], string> Localise { get; set; } = (format, args) => string.Format(CultureInfo.InvariantCulture, format, args);

    public static string Say(string format, params object?[] args) => Localise(format, args);
}
