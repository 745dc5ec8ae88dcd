using System.ComponentModel.DataAnnotations;

namespace Allyship.Web.Infrastructure;

/// <summary>Settings under "App".</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The public address of the app, used in links inside emails and printed by commands.</summary>
    [Required(ErrorMessage = "App:BaseUrl is required: the public address people open, like https://allyship.example.org.")]
    [Url(ErrorMessage = "App:BaseUrl must be an absolute http(s) URL, like https://allyship.example.org.")]
    public string BaseUrl { get; set; } = "http://localhost:5080";

    public string Link(string pathAndQuery) => BaseUrl.TrimEnd('/') + pathAndQuery;
}
