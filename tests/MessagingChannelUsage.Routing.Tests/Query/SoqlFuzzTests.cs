using System.Text;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Query;
using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>
/// Random input (fixed seeds, so a failure reproduces): the parser, the engine and the locator
/// parser may only ever throw <see cref="DomainException"/> with one of the query codes.
/// </summary>
public class SoqlFuzzTests
{
    private const string Alphabet = "SELECTFROMWHEREANDORNOTINLIMITOFFSETGROUPBYDESCNULLSselectfromwhere abcxyzIdMJ0123456789'\\\"()=<>!,.-+:TZ#;_%*\n\t";

    private static readonly string[] Vocabulary =
    [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "GROUP", "BY", "ORDER", "ASC", "DESC", "NULLS", "FIRST",
        "LAST", "LIMIT", "OFFSET", "COUNT", "COUNT()", "null", "TRUE", "FALSE", "MessagingChannelUsage", "Account",
        "Id", "DeploymentType", "DeploymentStatus", "ConsentType", "DisabledTime", "CreatedDate", "ErrorReason",
        "RoutingOverride", "MessagingChannelId", "SystemModstamp", "Foo", "expr0", "(", ")", ",", "=", "!=", "<>", "<",
        "<=", ">", ">=", "'MJ'", "'Active'", "'x\\'y'", "'", "0", "5", "-1", "2026-01-01T00:00:00Z", "2026-01-01",
        "2026-01-01T00:00:00+02:00", "2026-99-01", "1.5", ";", "#", "\\",
    ];

    private static readonly string[] ValidQueries =
    [
        "SELECT Id, DeploymentType FROM MessagingChannelUsage WHERE DeploymentType = 'MJ' OR (ConsentType != null AND NOT DeploymentStatus IN ('Active', 'Error')) ORDER BY CreatedDate DESC NULLS LAST LIMIT 5 OFFSET 1",
        "SELECT DeploymentType, COUNT(Id) n FROM MessagingChannelUsage WHERE CreatedDate > 2026-01-03T00:00:00Z GROUP BY DeploymentType ORDER BY COUNT(Id) DESC",
        "SELECT COUNT() FROM MessagingChannelUsage WHERE DisabledTime != null AND Id NOT IN ('0Mu000000000001')",
        "SELECT Id FROM MessagingChannelUsage WHERE CreatedDate >= 2026-01-05 AND MessagingChannelId = '0Mj000000000002AAA' LIMIT 3",
    ];

    private static readonly string[] QueryCodes = [ErrorCodes.MalformedQuery, ErrorCodes.InvalidField, ErrorCodes.InvalidType];

    [Fact]
    public void RandomCharacters_OnlyEverFailWithQueryErrors()
    {
        var random = new Random(20261127);
        var outcomes = new Outcomes();
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 80);
            for (var j = 0; j < length; j++)
            {
                // Now and then any UTF-16 unit, lone surrogates included.
                text.Append(random.Next(20) == 0 ? (char)random.Next(0, 0x10000) : Alphabet[random.Next(Alphabet.Length)]);
            }

            outcomes.Try(text.ToString());
        }

        Assert.True(outcomes.Failed > 2900, $"random text should nearly always fail ({outcomes})");
    }

    [Fact]
    public void TokenSoup_OnlyEverFailsWithQueryErrors()
    {
        var random = new Random(7);
        var outcomes = new Outcomes();
        for (var i = 0; i < 4000; i++)
        {
            var tokens = Enumerable.Range(0, random.Next(1, 25)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]);
            var prefix = random.Next(2) == 0 ? "SELECT Id FROM MessagingChannelUsage WHERE " : random.Next(2) == 0 ? "SELECT " : string.Empty;
            outcomes.Try(prefix + string.Join(random.Next(4) == 0 ? "" : " ", tokens));
        }

        Assert.True(outcomes.Failed > 0, outcomes.ToString());
    }

    [Fact]
    public void MutatedValidQueries_OnlyEverFailWithQueryErrors_AndSomeStillRun()
    {
        var random = new Random(42);
        var outcomes = new Outcomes();
        for (var i = 0; i < 4000; i++)
        {
            var text = new StringBuilder(ValidQueries[random.Next(ValidQueries.Length)]);
            for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(6))
                {
                    case 4:
                        // Harmless edits keep many queries valid, so the engine is fuzzed too.
                        text.Insert(at, random.Next(2) == 0 ? " " : "\n");
                        break;
                    case 5:
                        text[at] = char.IsUpper(text[at]) ? char.ToLowerInvariant(text[at]) : char.ToUpperInvariant(text[at]);
                        break;
                    case 0:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    case 2:
                        text.Insert(at, " " + Vocabulary[random.Next(Vocabulary.Length)] + " ");
                        break;
                    default:
                        text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                        break;
                }
            }

            outcomes.Try(text.ToString());
        }

        Assert.True(outcomes.Succeeded > 200 && outcomes.Failed > 1000, outcomes.ToString());
    }

    [Fact]
    public void RandomAndMutatedLocators_OnlyEverFailWithInvalidQueryLocator()
    {
        var random = new Random(99);
        var good = QueryLocator.Format(QueryLocator.NewSnapshotId(), 2000);
        const string Characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= ";
        var rejected = 0;
        for (var i = 0; i < 3000; i++)
        {
            var locator = new StringBuilder(i % 2 == 0 ? good : string.Empty);
            if (i % 2 == 0)
            {
                locator[random.Next(locator.Length)] = Characters[random.Next(Characters.Length)];
            }
            else
            {
                locator.Append(Enumerable.Range(0, random.Next(0, 60)).Select(_ => Characters[random.Next(Characters.Length)]).ToArray());
            }

            try
            {
                _ = QueryLocator.Parse(locator.ToString());
            }
            catch (DomainException e)
            {
                Assert.Equal(ErrorCodes.InvalidQueryLocator, e.Code);
                Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
                rejected++;
            }
        }

        // Every random text is rejected; a mutation that keeps the form (a digit for a digit, a letter
        // of the same case inside the id) leaves a valid locator, so only some of those are.
        Assert.True(rejected > 1500, $"{rejected} of 3000 rejected");
    }

    /// <summary>Runs one input end to end and checks that any failure is a well-formed query error.</summary>
    private sealed class Outcomes
    {
        public int Succeeded { get; private set; }

        public int Failed { get; private set; }

        public void Try(string soql)
        {
            try
            {
                var query = SoqlParser.Parse(soql);
                var rows = QueryEngine.Execute(query, Usages);
                _ = rows.Page(1, 3, nextCursor: null);

                Succeeded++;
            }
            catch (DomainException e)
            {
                Failed++;
                Assert.Contains(e.Code, QueryCodes);
                Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
                Assert.False(string.IsNullOrWhiteSpace(e.Errors[0].Message));
                if (e.Code == ErrorCodes.MalformedQuery)
                {
                    Assert.Contains("at position ", e.Errors[0].Message, StringComparison.Ordinal);
                }
            }
        }

        public override string ToString() => $"{Succeeded} ran, {Failed} rejected";
    }
}
