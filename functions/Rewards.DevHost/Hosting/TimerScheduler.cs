using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Runs one timer trigger on its NCRONTAB schedule (six fields, with seconds, in UTC as the host's default), on
/// the app's clock. A failed run is logged and the schedule goes on, as in the host; failures in a row also
/// pause the timer (jittered, doubling up to a minute of wall-clock time) so that a storage outage is not hammered.
/// </summary>
internal sealed class TimerScheduler(TimerFunction function, IServiceProvider services, TimeProvider clock, ILogger<TimerScheduler> log) : BackgroundService
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(
        function.Schedule,
        new CrontabSchedule.ParseOptions { IncludingSeconds = function.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });

    private int _failures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = clock.GetUtcNow();
        var startup = function.RunOnStartup;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (startup)
                {
                    startup = false;
                    await FireAsync(last, stoppingToken);
                    continue;
                }

                var next = new DateTimeOffset(_schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime), TimeSpan.Zero);
                var wait = next - clock.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken);
                await FireAsync(last, stoppingToken);
                last = next;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // FireAsync catches the function's failures; this is the scheduler's own, and it carries on too.
                log.LogError(e, "Scheduling timer {Function} failed", function.Name);
                await Backoff.PauseAsync(Backoff.After(++_failures, LongestPause), stoppingToken);
            }
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
            _failures = 0;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The host logs a failed timer run and keeps the schedule; so does this, after a pause that grows with the failures in a row.
            var pause = Backoff.After(++_failures, LongestPause);
            log.LogError(e, "Timer {Function} failed ({Failures} in a row); next run after a pause of {Pause}", function.Name, _failures, pause);
            await Backoff.PauseAsync(pause, ct);
        }
    }
}
