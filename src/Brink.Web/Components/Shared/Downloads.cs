using Microsoft.JSInterop;

namespace Brink.Web.Components.Shared;

/// <summary>Sends a file to the browser as a download (wwwroot/brink.js): exported reports, the scenario text.</summary>
public static class Downloads
{
    public static async Task SendAsync(IJSRuntime js, string fileName, string contentType, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("brinkDownload", fileName, contentType, reference);
    }

    public static Task SendAsync(IJSRuntime js, string fileName, string contentType, string text) =>
        SendAsync(js, fileName, contentType, System.Text.Encoding.UTF8.GetBytes(text));
}
