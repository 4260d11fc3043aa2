using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Rewards.Domain.Competitions;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Competitions;

internal sealed class CompetitionRequest : IAdminBody<Competition>
{
    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm"];

    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Title { get; set; }

    [Required, MinLength(1), MaxLength(10)]
    public List<RoundRequest>? Rounds { get; set; }

    [Required]
    public PlacingsRequest? Placings { get; set; }

    /// <summary>The competition, or the fields that do not parse and the competition rules' errors.</summary>
    public Checked<Competition> Check()
    {
        var errors = new Dictionary<string, string[]>();
        var rounds = new List<Round>();
        for (var i = 0; i < Rounds!.Count; i++)
        {
            var r = Rounds[i];
            if (!Ids.IsValid(r.Id))
            {
                errors[$"rounds[{i}].id"] = [Ids.Message];
            }

            if (!Ids.IsValid(r.QuizId))
            {
                errors[$"rounds[{i}].quizId"] = [Ids.Message];
            }

            var opens = Local(r.OpensAt, $"rounds[{i}].opensAt", errors);
            var closes = Local(r.ClosesAt, $"rounds[{i}].closesAt", errors);
            rounds.Add(new Round(r.Id ?? "", r.Title ?? r.Id ?? "", r.QuizId ?? "", opens, closes, r.Advance ?? 0));
        }

        var p = Placings!;
        var competition = new Competition(Id!, Title!, rounds, new Placings(p.Champions ?? 0, p.RunnersUp ?? 0, p.Thirds ?? 0, p.ChampionPoints ?? 0, p.RunnerUpPoints ?? 0, p.ThirdPoints ?? 0));
        foreach (var (field, message) in Domain.Competitions.CompetitionRules.Errors(competition))
        {
            errors.TryAdd(field, [message]);
        }

        return new(competition, errors);
    }

    private static DateTime Local(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return local;
        }

        errors[field] = ["must be a local date-time such as 2026-06-15T09:00:00, without an offset"];
        return default;
    }
}

internal sealed class RoundRequest
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? QuizId { get; set; }

    public string? OpensAt { get; set; }

    public string? ClosesAt { get; set; }

    public int? Advance { get; set; }
}

internal sealed class PlacingsRequest
{
    public int? Champions { get; set; }

    public int? RunnersUp { get; set; }

    public int? Thirds { get; set; }

    public int? ChampionPoints { get; set; }

    public int? RunnerUpPoints { get; set; }

    public int? ThirdPoints { get; set; }
}

internal sealed record CompetitionView(Competition Definition, CompetitionState State);

internal sealed record CompetitionList(IReadOnlyList<CompetitionView> Items);
