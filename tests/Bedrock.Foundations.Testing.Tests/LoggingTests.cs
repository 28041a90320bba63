using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bedrock.Foundations.Testing.Tests;

public sealed class LoggingTests
{
    [Test]
    public async Task LoggerFactory_WhenGiven_ReceivesTheEmulatorsRequestLog()
    {
        CapturingLoggerFactory factory = new();
        await using (BedrockEmulator emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { LoggerFactory = factory, LatencyScale = 0 }))
        {
            using EmulatorClient client = new(emulator);
            await client.ConverseAsync(BedrockEmulatorTests.ModelId, BedrockEmulatorTests.RagRequest);
        }

        Assert.That(factory.Messages, Has.Some.Contains("POST Converse (request id "));
        Assert.That(factory.Messages, Has.None.Contains("Colosseum"), "prompts are never logged");
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
