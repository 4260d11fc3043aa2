using Rewards.Domain.Progress;

namespace Rewards.Domain.Tests;

public sealed class ParticipationTests
{
    [Theory]
    [InlineData(1, 2, 5_000)]
    [InlineData(2, 2, 10_000)]
    [InlineData(1, 3, 3_333)]
    [InlineData(2, 3, 6_666)]
    [InlineData(16, 16, 10_000)]
    public void The_rate_is_active_members_over_members_in_basis_points_rounded_down(int active, int members, long rate) =>
        Assert.Equal(rate, Participation.Rate(active, members));

    [Fact]
    public void More_actives_than_counted_members_is_everyone_and_never_more() =>
        Assert.Equal(Participation.Whole, Participation.Rate(5, 3));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 7)]
    public void A_unit_where_nobody_earned_is_at_zero(int active, int members) =>
        Assert.Equal(0, Participation.Rate(active, members));

    [Fact]
    public void A_unit_the_directory_has_not_counted_yet_is_at_everyone_once_a_member_earns() =>
        Assert.Equal(Participation.Whole, Participation.Rate(1, 0));
}
