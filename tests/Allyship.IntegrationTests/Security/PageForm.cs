using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Allyship.IntegrationTests.Security;

/// <summary>What a browser would send for a rendered form: its action and the values of its fields as the page left them.</summary>
public static class PageForm
{
    public static (string Action, Dictionary<string, string?> Fields) Read(IDocument page, string selector, string pageUrl)
    {
        var form = page.QuerySelector(selector).ShouldBeAssignableTo<IHtmlFormElement>().ShouldNotBeNull($"no form {selector}");
        var fields = new Dictionary<string, string?>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        fields[name] = box.Value;
                    }

                    break;
                case IHtmlInputElement { Type: "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    fields.TryAdd(name, input.Value); // a checkbox's hidden "false" comes after it
                    break;
                case IHtmlSelectElement select:
                    fields[name] = (select.QuerySelector("option[selected]") ?? select.QuerySelector("option"))?.GetAttribute("value");
                    break;
                case IHtmlTextAreaElement area:
                    fields[name] = area.Value;
                    break;
            }
        }

        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return (action, fields);
    }
}
