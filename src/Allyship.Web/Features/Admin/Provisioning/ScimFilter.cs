using System.Text.Json;
using System.Text.RegularExpressions;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// The filters identity providers send (RFC 7644 §3.4.2.2), and only those: <c>attribute eq "value"</c>, joined by
/// <c>and</c>. Attributes are compared case-insensitively; <c>emails[type eq "work"].value</c> is the work email.
/// Anything else (other operators, <c>or</c>, <c>not</c>, parentheses) is 400 invalidFilter.
/// </summary>
public static partial class ScimFilter
{
    /// <summary>One <c>attribute eq value</c>, the attribute in lower case with a work-email filter reduced to <c>emails.value</c>.</summary>
    public sealed record Condition(string Attribute, string? Value);

    public static IReadOnlyList<Condition> Parse(string? filter, IReadOnlyCollection<string> supported)
    {
        var conditions = new List<Condition>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return conditions;
        }

        var text = filter.Trim();
        var i = 0;
        while (true)
        {
            SkipSpace(text, ref i);
            var attribute = ReadAttribute(text, ref i);
            SkipSpace(text, ref i);
            var op = ReadWord(text, ref i);
            if (!op.Equals("eq", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"“{op}” is not supported here: this service filters with eq (and and) only.");
            }

            SkipSpace(text, ref i);
            var value = ReadValue(text, ref i);
            var name = Canonical(attribute);
            if (!supported.Contains(name))
            {
                throw Invalid($"Filtering by “{attribute}” is not supported: use {string.Join(", ", supported)}.");
            }

            conditions.Add(new Condition(name, value));
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                return conditions;
            }

            var join = ReadWord(text, ref i);
            if (!join.Equals("and", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"“{join}” is not supported here: join conditions with and.");
            }
        }
    }

    private static ScimException Invalid(string detail) => Scim.BadRequest(detail, "invalidFilter");

    /// <summary>Lower case; <c>emails[type eq "work"].value</c> (any spacing, any case) as <c>emails.value</c>.</summary>
    private static string Canonical(string attribute)
    {
        if (WorkEmail().IsMatch(attribute))
        {
            return "emails.value";
        }

        if (attribute.Contains('[', StringComparison.Ordinal))
        {
            throw Invalid($"The value filter in “{attribute}” is not supported: only emails[type eq \"work\"].value.");
        }

        const string core = Scim.UserSchema + ":";
        return (attribute.StartsWith(core, StringComparison.OrdinalIgnoreCase) ? attribute[core.Length..] : attribute).ToLowerInvariant();
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static string ReadAttribute(string text, ref int i)
    {
        var start = i;
        var depth = 0;
        var quoted = false;
        while (i < text.Length && (depth > 0 || !char.IsWhiteSpace(text[i])))
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c is '(' or ')')
            {
                throw Invalid("Parentheses are not supported here.");
            }

            i++;
        }

        if (i == start || depth != 0 || quoted)
        {
            throw Invalid("The filter is not complete: write attribute eq \"value\".");
        }

        return text[start..i];
    }

    private static string ReadWord(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i == start)
        {
            throw Invalid("The filter is not complete: write attribute eq \"value\".");
        }

        return text[start..i];
    }

    private static string? ReadValue(string text, ref int i)
    {
        if (i < text.Length && text[i] == '"')
        {
            var start = i++;
            while (i < text.Length && text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            if (i >= text.Length)
            {
                throw Invalid("A quoted value is not closed.");
            }

            i++;
            try
            {
                return JsonSerializer.Deserialize<string>(text[start..i]);
            }
            catch (JsonException)
            {
                throw Invalid("A quoted value is not a valid JSON string.");
            }
        }

        var word = ReadWord(text, ref i);
        return word.Equals("null", StringComparison.OrdinalIgnoreCase) ? null
            : word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase) ? word.ToLowerInvariant()
            : decimal.TryParse(word, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? word
            : throw Invalid($"“{word}” is not a value: put text in double quotes.");
    }

    [GeneratedRegex("""^emails\[\s*type\s+eq\s+"work"\s*\]\.value$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WorkEmail();
}
