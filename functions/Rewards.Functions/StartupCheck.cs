using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rewards.Functions;

/// <summary>
/// Settings that are missing or wrong, found before the host serves anything. Both hosts report each as one
/// line naming the setting and exit non-zero: whoever configures the app reads what to fix, not a stack trace.
/// </summary>
internal static class StartupCheck
{
    public const int ExitCode = 3;

    /// <summary>Runs every options validation registered with ValidateOnStart, as the host would when it starts.</summary>
    public static void Validate(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <summary>The settings failures an exception carries (one per line), or none when it is something else.</summary>
    public static IReadOnlyList<string> Failures(Exception e) => e switch
    {
        OptionsValidationException o => [.. o.Failures.Select(OneLine)],
        AggregateException a when a.InnerExceptions.All(i => Failures(i).Count > 0) => [.. a.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };

    /// <summary>Writes each failure as one line and returns the exit code.</summary>
    public static int Report(IReadOnlyList<string> failures, TextWriter to)
    {
        foreach (var failure in failures)
        {
            to.WriteLine($"Configuration error: {failure}");
        }

        return ExitCode;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
