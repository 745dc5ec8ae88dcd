namespace Allyship.Web.Data;

/// <summary>A broken rule: the field it is about (empty for the whole form) and the sentence that says how to fix it.</summary>
public readonly record struct FieldError(string Field, string Message);
