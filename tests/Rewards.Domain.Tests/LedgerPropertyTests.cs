using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Tests;

/// <summary>
/// Drives the ledger rules the way the storage adapter does: read a snapshot, decide, commit only if the
/// account has not moved since the read (the ETag), else re-read and decide again. Operations arrive
/// duplicated and from stale reads, as at-least-once delivery and concurrent requests make them.
/// </summary>
public sealed class LedgerPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly ProgramRules Rules = ProgramRules.Default;

    private sealed record Book(AccountState State, ImmutableList<LedgerLine> Lines, ImmutableDictionary<string, IdempotencyRecord> Idem, DayTally Today);

    /// <summary>Kind 0 = learning award, 1 = adjustment; Amount is the points asked or the signed adjustment.</summary>
    private sealed record Op(int Kind, int Amount, string Key)
    {
        public string Hash => $"{Kind}:{Amount}";
    }

    [Property(MaxTest = 300)]
    public Property Balance_always_equals_the_sum_of_the_ledger_and_never_goes_negative() =>
        Prop.ForAll(Arb.From(Operations()), script =>
        {
            var book = new Book(AccountState.Empty, [], ImmutableDictionary<string, IdempotencyRecord>.Empty, DayTally.Empty(new DateOnly(2026, 11, 28)));
            var previous = book;
            foreach (var (op, stale) in script)
            {
                var snapshot = stale ? previous : book;
                previous = book;
                book = Execute(book, snapshot, op);
            }

            var sum = book.Lines.Sum(l => l.Amount);
            var earned = book.Lines.Where(l => LedgerKinds.IsEarning(l.Kind)).Sum(l => l.Amount);
            var keysApplied = book.Lines.GroupBy(l => l.SourceRef).All(g => g.Count() == 1);
            return (book.State.Balance == sum)
                .Label($"balance {book.State.Balance} != ledger {sum}")
                .And(book.State.Balance >= 0).Label("balance below zero")
                .And(book.State.LifetimeEarned == earned).Label("lifetime earned drifted")
                .And(book.State.Sequence == book.Lines.Count).Label("sequence is not the line count")
                .And(keysApplied).Label("a key was applied twice")
                .And(book.Today.For("learning") <= Rules.RuleFor("learning").DailyCap).Label("learning cap crossed");
        });

    private static Gen<(Op, bool)[]> Operations()
    {
        var keys = Gen.Elements(Enumerable.Range(0, 12).Select(i => $"k{i}").ToArray());
        var op = from kind in Gen.Elements(0, 1)
                 from amount in kind == 0 ? Gen.Choose(1, 8) : Gen.Choose(-15, 15)
                 from key in keys
                 select new Op(kind, amount, key);
        var step = from o in op from stale in Gen.Elements(false, false, true) select (o, stale);
        return Gen.ArrayOf(step);
    }

    private static Book Execute(Book book, Book snapshot, Op op)
    {
        // Read-decide-write with the ETag as the expected version; a stale read is re-read, as the 412 retry does.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var decided = Decide(snapshot, op, $"tx{book.Lines.Count}");
            if (decided is null)
            {
                return book;
            }

            if (snapshot.State.Sequence == book.State.Sequence && !book.Idem.ContainsKey(op.Key))
            {
                return decided;
            }

            snapshot = book;
        }

        throw new InvalidOperationException("a fresh read must commit or refuse");
    }

    /// <summary>The new book, or null when nothing is written (a replay or a refusal).</summary>
    private static Book? Decide(Book read, Op op, string txId)
    {
        var idem = Idempotency.Check(read.Idem.GetValueOrDefault(op.Key), op.Hash);
        if (idem.IsRefused || idem.Value is not null)
        {
            return null;
        }

        Decision<(AccountState Next, LedgerLine Line)> posted;
        var today = read.Today;
        if (op.Kind == 0)
        {
            var earned = Earnings.WithinCaps("learning", new Points(op.Amount), read.Today, Rules);
            if (earned.IsRefused)
            {
                return null;
            }

            today = today.Add("learning", earned.Value!.Paid.Value);
            posted = Ledger.Postings.Post(read.State, new Posting(earned.Value.Paid.Value, LedgerKinds.Learning, "学习", op.Key), txId, Now);
        }
        else
        {
            posted = Adjustments.Decide(read.State, op.Amount, "调整", op.Key, txId, Now);
        }

        if (posted.IsRefused)
        {
            return null;
        }

        return new Book(
            posted.Value.Next,
            read.Lines.Add(posted.Value.Line),
            read.Idem.Add(op.Key, new IdempotencyRecord(op.Hash, txId)),
            today);
    }
}
