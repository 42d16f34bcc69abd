using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Brink.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Brink.Web.Tests.TeamServer;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) on a given database, in this process.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<InProcessServer> StartAsync(string database)
    {
        var app = BrinkWebHost.Build(new BrinkWebOptions { Db = database, Port = 0, AuthenticationConfigured = true });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary><c>brink serve</c> as its own process (the built CLI beside the tests), so it can be killed with SIGKILL.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get { lock (_output) return string.Join("\n", _output); }
    }

    public static ServerProcess Start(string database, int? port = null)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Brink.Cli.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException("the built CLI is not beside the tests", cli);
        var p = port ?? FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--db", database, "--port", p.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        psi.Environment["BRINK_DB"] = "";
        var process = Process.Start(psi)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{p}"));
        using var ready = new ManualResetEventSlim();
        void Line(string? line)
        {
            if (line is null) return;
            lock (server._output) server._output.Add(line);
            if (line.StartsWith("Brink workbench:", StringComparison.Ordinal)) ready.Set();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Wait(TimeSpan.FromSeconds(90)) || process.HasExited)
        {
            server.Kill();
            throw new InvalidOperationException("brink serve did not start: " + server.Output);
        }
        return server;
    }

    /// <summary>SIGKILL (kill -9): no shutdown, no flushing.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
