using System.Globalization;
using System.Text.RegularExpressions;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Thresholds;

/// <summary>
/// A pass/fail rule on a scenario's result, written as on the command line:
/// <c>p99&lt;5ms</c>, <c>error_rate&lt;1%</c>, <c>errors==0</c>, <c>rps&gt;=1000</c>, or scoped to one
/// step with a prefix: <c>route_inbound:p99.9&lt;20ms</c>. Latencies are in milliseconds (a bare
/// number is ms, <c>s</c> is accepted), error_rate in percent.
/// </summary>
public sealed partial record Threshold(string? Step, ThresholdMetric Metric, ThresholdOperator Operator, double Limit, string Text)
{
    [GeneratedRegex(@"^\s*(?:(?<step>[A-Za-z0-9_.\-]+):)?(?<metric>[a-z_]+|p\d+(?:\.\d+)?)\s*(?<op><=|>=|==|<|>)\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s|%)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    /// <summary>Parses one rule.</summary>
    /// <exception cref="FormatException">The text is not a rule; the message says why.</exception>
    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"Threshold '{text}' is not of the form [step:]metric<op>value[unit], e.g. p99<5ms or error_rate<1%.");
        }

        var metricText = match.Groups["metric"].Value;
        var metric = metricText switch
        {
            "p50" => ThresholdMetric.P50,
            "p75" => ThresholdMetric.P75,
            "p95" => ThresholdMetric.P95,
            "p99" => ThresholdMetric.P99,
            "p99.9" or "p999" => ThresholdMetric.P999,
            "max" => ThresholdMetric.Max,
            "mean" => ThresholdMetric.Mean,
            "error_rate" => ThresholdMetric.ErrorRate,
            "errors" => ThresholdMetric.Errors,
            "rps" => ThresholdMetric.Rps,
            "ok" => ThresholdMetric.Ok,
            _ => throw new FormatException($"Threshold '{text}': unknown metric '{metricText}' (p50, p75, p95, p99, p99.9, max, mean, error_rate, errors, rps, ok)."),
        };

        var unit = match.Groups["unit"].Value;
        var isLatency = metric is ThresholdMetric.P50 or ThresholdMetric.P75 or ThresholdMetric.P95
            or ThresholdMetric.P99 or ThresholdMetric.P999 or ThresholdMetric.Max or ThresholdMetric.Mean;
        if ((unit is "ms" or "s" && !isLatency) || (unit == "%" && metric != ThresholdMetric.ErrorRate))
        {
            throw new FormatException($"Threshold '{text}': unit '{unit}' does not fit metric '{metricText}'.");
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        if (unit == "s")
        {
            value *= 1000;
        }

        var op = match.Groups["op"].Value switch
        {
            "<" => ThresholdOperator.Less,
            "<=" => ThresholdOperator.LessOrEqual,
            ">" => ThresholdOperator.Greater,
            ">=" => ThresholdOperator.GreaterOrEqual,
            _ => ThresholdOperator.Equal,
        };
        var step = match.Groups["step"].Success ? match.Groups["step"].Value : null;
        return new Threshold(step, metric, op, value, text.Trim());
    }

    /// <summary>Checks the rule against a scenario's result (all steps merged unless scoped to a step).</summary>
    public ThresholdOutcome Evaluate(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var subject = Step is null ? result.All : result.Steps.FirstOrDefault(s => s.Name == Step);
        if (subject is null)
        {
            return new ThresholdOutcome(this, result.Name, double.NaN, false, $"step '{Step}' did not run");
        }

        var actual = Measure(subject);
        var passed = Operator switch
        {
            ThresholdOperator.Less => actual < Limit,
            ThresholdOperator.LessOrEqual => actual <= Limit,
            ThresholdOperator.Greater => actual > Limit,
            ThresholdOperator.GreaterOrEqual => actual >= Limit,
            _ => Math.Abs(actual - Limit) < 1e-9,
        };
        return new ThresholdOutcome(this, result.Name, actual, passed, null);
    }

    private double Measure(StepResult step)
    {
        var s = step.Summary;
        return Metric switch
        {
            ThresholdMetric.P50 => s.P50,
            ThresholdMetric.P75 => s.P75,
            ThresholdMetric.P95 => s.P95,
            ThresholdMetric.P99 => s.P99,
            ThresholdMetric.P999 => s.P999,
            ThresholdMetric.Max => s.Max,
            ThresholdMetric.Mean => s.Mean,
            ThresholdMetric.ErrorRate => step.ErrorPercent,
            ThresholdMetric.Errors => step.Failed,
            ThresholdMetric.Rps => step.Rps,
            _ => step.Ok,
        };
    }
}

public enum ThresholdMetric { P50, P75, P95, P99, P999, Max, Mean, ErrorRate, Errors, Rps, Ok }

public enum ThresholdOperator { Less, LessOrEqual, Greater, GreaterOrEqual, Equal }

/// <summary>
/// A rule's verdict on one scenario (a rule without a step prefix is checked on every scenario, so
/// reports name the scenario); <see cref="Note"/> explains a failure that has no number.
/// </summary>
public sealed record ThresholdOutcome(Threshold Threshold, string Scenario, double Actual, bool Passed, string? Note);
