using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Rewards.DevHost.Hosting;

/// <summary>Runs one timer trigger on its NCRONTAB schedule (six fields, with seconds, in UTC as the host's default), on the app's clock.</summary>
internal sealed class TimerScheduler(TimerFunction function, IServiceProvider services, TimeProvider clock, ILogger<TimerScheduler> log) : BackgroundService
{
    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(
        function.Schedule,
        new CrontabSchedule.ParseOptions { IncludingSeconds = function.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = clock.GetUtcNow();
        if (function.RunOnStartup)
        {
            await FireAsync(last, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = new DateTimeOffset(_schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime), TimeSpan.Zero);
            try
            {
                await Task.Delay(next - clock.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FireAsync(last, stoppingToken);
            last = next;
        }
    }

    private async Task FireAsync(DateTimeOffset last, CancellationToken ct)
    {
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = _schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime), LastUpdated = clock.GetUtcNow().UtcDateTime },
        };
        try
        {
            await Invoker.InvokeAsync(services, function.Method, p => Invoker.BindTimer(p, timer, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The host logs a failed timer run and keeps the schedule; so does this.
            log.LogError(e, "Timer {Function} failed", function.Name);
        }
    }
}
