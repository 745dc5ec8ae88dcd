namespace Allyship.IntegrationTests;

// Temporary while the tests move to SubmitAsync / PostCraftedAsync (issue 32); deleted when none call these.
public sealed partial class Browser
{
    public async Task<HttpResponseMessage> PostAsync(string formPage, string postUrl, Dictionary<string, string?> fields)
    {
        var token = await TokenFromAsync(formPage);
        return await PostWithoutTokenAsync(postUrl, new Dictionary<string, string?>(fields) { ["__RequestVerificationToken"] = token });
    }

    public async Task<HttpResponseMessage> PostPairsAsync(string formPage, string postUrl, IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var token = await TokenFromAsync(formPage);
        return await Client.PostAsync(new Uri(postUrl, UriKind.Relative), new FormUrlEncodedContent(
            fields.Append(new("__RequestVerificationToken", token)).Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))));
    }

    public Task<HttpResponseMessage> PostWithoutTokenAsync(string postUrl, Dictionary<string, string?> fields) =>
        Client.PostAsync(new Uri(postUrl, UriKind.Relative),
            new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))));

    public async Task<HttpResponseMessage> PostFileAsync(string formPage, string postUrl, Dictionary<string, string?> fields, string fileField, string fileName, byte[] content)
    {
        var token = await TokenFromAsync(formPage);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            form.Add(new StringContent(value!), key);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, fileField, fileName);
        return await Client.PostAsync(new Uri(postUrl, UriKind.Relative), form);
    }
}
