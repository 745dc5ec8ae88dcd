namespace Allyship.Web.Features.Shared;

public sealed record TextFieldView(ActionFormView Form, string Field, string IdSuffix, string Label, string? Value, int MaxLength, bool Multiline, string? ListId = null, string? Hint = null, bool Required = false);
