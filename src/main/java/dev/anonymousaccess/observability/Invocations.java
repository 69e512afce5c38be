package dev.anonymousaccess.observability;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one invocation of a function and reports it in one summary line (the "canonical log line": function, route,
 * outcome, latency, DynamoDB calls, user and client app). In AWS that line is an Embedded Metric Format document on
 * standard output, which CloudWatch Logs also turns into the metrics of {@link Metric}; where metrics are off it is a
 * plain log line.
 */
@ApplicationScoped
public class Invocations {

    /** Where Quarkus's Lambda poll loop (and {@code JvmStreamHandler}) puts the Lambda request id. */
    public static final String MDC_LAMBDA_REQUEST_ID = "AWSRequestId";

    private static final Logger LOG = Logger.getLogger(Invocations.class);
    private static final String[] SUMMARY_KEYS = { "route", "outcome", "status", "error", "reason", "latencyMs",
            "dynamodbCalls" };

    private final MetricsConfig config;
    private final Clock clock;
    private final StoreCalls storeCalls;
    private final PrintStream metricsOutput;
    /** The first invocation of an instance is its cold start. */
    private volatile boolean warm;

    @Inject
    Invocations(MetricsConfig config, Clock clock, StoreCalls storeCalls) {
        this(config, clock, storeCalls, System.out);
    }

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public Invocations(MetricsConfig config, Clock clock, StoreCalls storeCalls, PrintStream metricsOutput) {
        this.config = config;
        this.clock = clock;
        this.storeCalls = storeCalls;
        this.metricsOutput = metricsOutput;
    }

    /**
     * Runs {@code body} as the invocation of {@code function}, handing it the invocation to record on; {@code route}
     * and {@code apiRequestId} may be null. Whatever happens, the invocation is reported once.
     */
    public <T> T run(String function, String route, String apiRequestId, Function<Invocation, T> body) {
        boolean coldStart = !warm;
        warm = true;
        long callsBefore = storeCalls.calls();
        long failuresBefore = storeCalls.failures();
        Invocation invocation = Invocation.begin(function, route, apiRequestId, coldStart);
        try {
            return body.apply(invocation);
        } catch (RuntimeException | Error e) {
            invocation.failed();
            throw e;
        } finally {
            try {
                invocation.storeActivity(storeCalls.calls() - callsBefore, storeCalls.failures() - failuresBefore);
                report(invocation.record());
            } finally {
                invocation.end();
            }
        }
    }

    /** Lets a test see a cold start again. */
    void resetColdStartForTests() {
        warm = false;
    }

    /**
     * One line per invocation. With metrics on (in AWS) it is the metrics document, which carries every fact of the
     * summary as typed members: one write, and no second line to format, on every call of the hot path. Without
     * metrics (local runs, tests) it is a log line whose text and logging context say the same.
     */
    private void report(InvocationRecord record) {
        if (config.enabled()) {
            Object requestId = MDC.get(MDC_LAMBDA_REQUEST_ID);
            metricsOutput.println(MetricsDocument.of(record, config.namespace(), clock.millis(),
                    requestId == null ? null : requestId.toString(), summary(record)));
            return;
        }
        put("route", record.route());
        put("outcome", record.outcome());
        put("status", record.status() == 0 ? null : Integer.toString(record.status()));
        put("error", record.error());
        put("reason", record.refusal());
        put("latencyMs", Long.toString(record.latencyMillis()));
        put("dynamodbCalls", Integer.toString(record.dynamoDbCalls()));
        try {
            LOG.info(summary(record));
        } finally {
            for (String key : SUMMARY_KEYS) {
                MDC.remove(key);
            }
        }
    }

    /** The summary line's text: the same facts as its logging context, for people reading plain-text logs. */
    static String summary(InvocationRecord record) {
        StringBuilder line = new StringBuilder("invocation ").append(record.function());
        if (record.route() != null) {
            line.append(' ').append(record.route());
        }
        line.append(": ").append(record.outcome());
        if (record.error() != null) {
            line.append(' ').append(record.error());
        }
        if (record.refusal() != null) {
            line.append(' ').append(record.refusal());
        }
        line.append(" in ").append(record.latencyMillis()).append(" ms, ").append(record.dynamoDbCalls())
                .append(record.dynamoDbCalls() == 1 ? " DynamoDB call" : " DynamoDB calls");
        if (record.userId() != null) {
            line.append(", user ").append(record.userId());
        }
        if (record.clientId() != null) {
            line.append(", client ").append(record.clientId());
        }
        if (!record.counts().isEmpty()) {
            // What the invocation counted, so that a plain log (local runs, tests) shows its metrics too.
            line.append(", counted ").append(record.counts().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(count -> count.getValue() == 1 ? count.getKey().metricName()
                            : count.getKey().metricName() + " x" + count.getValue())
                    .collect(Collectors.joining(" ")));
        }
        return line.toString();
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
