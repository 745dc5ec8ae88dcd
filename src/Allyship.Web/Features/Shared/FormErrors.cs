using Allyship.Web.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Allyship.Web.Features.Shared;

public static class FormErrors
{
    /// <summary>The first error for a field of the bound Input, or null.</summary>
    public static string? For(ModelStateDictionary state, string field) =>
        state.TryGetValue($"Input.{field}", out var entry) && entry.Errors.Count > 0
            ? entry.Errors[0].ErrorMessage is { Length: > 0 } message ? message : "This value is not valid."
            : null;

    /// <remarks>
    /// A rule's sentence written as an English constant is put in the reader's language here (its text is the key); one
    /// already in her language, or with values in it, was translated where it was said and is kept as it is.
    /// </remarks>
    public static void AddTo(ModelStateDictionary state, IEnumerable<FieldError> errors, string prefix = "Input.")
    {
        foreach (var error in errors)
        {
            state.AddModelError(error.Field.Length == 0 ? "" : prefix + error.Field, Infrastructure.Localisation.Text.Words[error.Message]);
        }
    }
}
