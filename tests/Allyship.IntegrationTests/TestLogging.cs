using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Allyship.IntegrationTests;

/// <summary>
/// The app's log in the test output: each fixture's host writes its warnings and errors (and Allyship's own information)
/// to the output of the test that is running against it, which the test class hands over with <see cref="AppFixtureBase.LogTo"/>.
/// Lines written while no test of the class runs are kept and written with the next test's output.
/// </summary>
public sealed class TestOutputLoggerProvider(Func<ITestOutputHelper?> output) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _pending = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        _pending.Enqueue(line);
        if (output() is not { } helper)
        {
            return;
        }

        while (_pending.TryDequeue(out var next))
        {
            try
            {
                helper.WriteLine(next);
            }
            catch (InvalidOperationException)
            {
                return; // that test has finished: the line is lost rather than crash the app's thread
            }
        }
    }

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Warning || (logLevel >= LogLevel.Information && category.StartsWith("Allyship", StringComparison.Ordinal));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write($"[app {logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}

/// <summary>
/// With ALLYSHIP_TEST_ORDER=random the tests of each class run in a shuffled order (the seed is printed, and
/// ALLYSHIP_TEST_SEED repeats it): CI runs the PostgreSQL pass that way, so no test can lean on another having run first.
/// </summary>
public sealed class ConfigurableOrderer(IMessageSink diagnostics) : ITestCaseOrderer
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("ALLYSHIP_TEST_SEED"), out var s) ? s : Random.Shared.Next();

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var cases = testCases.OrderBy(t => t.DisplayName, StringComparer.Ordinal).ToList();
        if (Environment.GetEnvironmentVariable("ALLYSHIP_TEST_ORDER") != "random")
        {
            return cases;
        }

        diagnostics.OnMessage(new DiagnosticMessage($"Shuffling {cases.Count} tests with ALLYSHIP_TEST_SEED={Seed}"));
        var random = new Random(Seed);
        return cases.OrderBy(_ => random.Next()).ToList();
    }
}
