using System.Net;
using Bedrock.Foundations.Testing.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bedrock.Foundations.Testing;

/// <summary>
/// A loopback server that speaks the Amazon Bedrock Runtime and Agent Runtime wire protocol (rest-json and
/// event-stream framing), verifies SigV4 signatures, answers with configurable emulated models and injects seeded
/// faults. Point a client's service URL at <see cref="ServiceUrl"/>; one server serves both the runtime and the
/// agent-runtime paths.
/// </summary>
/// <example>
/// <code>
/// await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
/// // Configure a client with ServiceUrl = emulator.ServiceUrl and the credentials
/// // BedrockEmulatorCredentials.DefaultAccessKeyId / DefaultSecretAccessKey, and Region = "us-east-1"
/// // (BedrockEmulatorOptions.Region), then call it as usual.
/// // Afterwards: emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse) counts the attempts.
/// </code>
/// </example>
/// <remarks>
/// Thread-safe: requests are served concurrently. Dispose the emulator to stop the server; open streams are aborted.
/// The options are read once, at <see cref="StartAsync"/>: <see cref="Options"/> is a read-only snapshot of them, and
/// changes to the instance passed in have no effect afterwards (start another emulator to run with other options).
/// </remarks>
public sealed class BedrockEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private BedrockEmulator(WebApplication app, BedrockEmulatorOptions options, EmulatorHandler handler, Uri serviceUrl)
    {
        _app = app;
        Options = options;
        Handler = handler;
        ServiceUrl = serviceUrl;
    }

    /// <summary>Gets the base URL of the server, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Gets the options the emulator runs with: a read-only snapshot taken at start (its setters throw
    /// <see cref="InvalidOperationException"/>, its collections <see cref="NotSupportedException"/>).</summary>
    public BedrockEmulatorOptions Options { get; }

    /// <summary>Gets the log of the requests received.</summary>
    public BedrockEmulatorRequestLog RequestLog => Handler.Log;

    internal EmulatorHandler Handler { get; }

    /// <summary>Starts an emulator on 127.0.0.1 with a free port.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message lists every problem.</exception>
    /// <remarks><paramref name="options"/> is validated and copied here; later changes to it have no effect.</remarks>
    public static async Task<BedrockEmulator> StartAsync(BedrockEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BedrockEmulatorOptions();
        options.Validate(nameof(options));
        options = options.Snapshot();

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is not null)
        {
            builder.Services.AddSingleton(options.LoggerFactory);
        }

        WebApplication app = builder.Build();
        EmulatorHandler handler = new(options, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<BedrockEmulator>());
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new BedrockEmulator(app, options, handler, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server (aborting requests still running after 5 seconds) and releases it.</summary>
    /// <returns>A task that completes when the server is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (CancellationTokenSource timeout = new(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Requests still running were aborted.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
