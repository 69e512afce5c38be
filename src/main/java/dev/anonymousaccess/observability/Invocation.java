package dev.anonymousaccess.observability;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.MDC;

/**
 * What one invocation of a function did, gathered while it runs: who it served, what it counted, how it ended. The
 * code that learns a fact records it through the static methods, which do nothing outside an invocation (the fast
 * tests run the rules without one). Lambda runs one event at a time per instance, so the invocation in progress is
 * the thread's. Identities also go to the logging context, so every line logged after them carries them.
 */
public final class Invocation {

    static final String MDC_FUNCTION = "function";
    static final String MDC_API_REQUEST_ID = "apiRequestId";
    static final String MDC_USER_ID = "userId";
    static final String MDC_CLIENT_ID = "clientId";
    static final String MDC_COLD_START = "coldStart";

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();
    /** The first invocation of an instance is its cold start. */
    private static volatile boolean warm;

    private final String function;
    private final String route;
    private final String apiRequestId;
    private final boolean coldStart;
    private final long startedNanos;
    private final Map<Metric, Integer> counts = new EnumMap<>(Metric.class);
    private String userId;
    private String clientId;
    private String refusal;
    private String outcome;
    private int status;
    private String error;
    private int dynamoDbCalls;

    private Invocation(String function, String route, String apiRequestId, boolean coldStart, long startedNanos) {
        this.function = function;
        this.route = route;
        this.apiRequestId = apiRequestId;
        this.coldStart = coldStart;
        this.startedNanos = startedNanos;
    }

    /** Starts recording; {@code route} and {@code apiRequestId} may be null (a direct invoke has neither). */
    static Invocation begin(String function, String route, String apiRequestId) {
        boolean cold = !warm;
        warm = true;
        Invocation invocation = new Invocation(function, route, apiRequestId, cold, System.nanoTime());
        CURRENT.set(invocation);
        MDC.put(MDC_FUNCTION, function);
        if (apiRequestId != null) {
            MDC.put(MDC_API_REQUEST_ID, apiRequestId);
        }
        if (cold) {
            MDC.put(MDC_COLD_START, "true");
        }
        return invocation;
    }

    /** What the invocation did so far, for its summary line and its metrics. */
    InvocationRecord record() {
        long latencyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new InvocationRecord(function, route, apiRequestId, coldStart, outcome(), status, error, refusal,
                latencyMillis, dynamoDbCalls, userId, clientId, Map.copyOf(counts));
    }

    /** Stops recording: the thread and its logging context forget the invocation. */
    void end() {
        CURRENT.remove();
        for (String key : new String[] { MDC_FUNCTION, MDC_API_REQUEST_ID, MDC_USER_ID, MDC_CLIENT_ID,
                MDC_COLD_START }) {
            MDC.remove(key);
        }
    }

    private String outcome() {
        if (outcome != null) {
            return outcome;
        }
        return status == 0 ? "error" : Integer.toString(status);
    }

    private static Optional<Invocation> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The user (and its client app) the invocation serves, once the store has confirmed both. */
    public static void identifyUser(String userId, String clientId) {
        current().ifPresent(invocation -> {
            invocation.userId = userId;
            MDC.put(MDC_USER_ID, userId);
            invocation.identifyClientApp(clientId);
        });
    }

    /**
     * The client app the invocation serves, once it is known to be registered: only then may it become a metric
     * dimension (a client id from a request alone could be anything).
     */
    public static void identifyClient(String clientId) {
        current().ifPresent(invocation -> invocation.identifyClientApp(clientId));
    }

    private void identifyClientApp(String id) {
        if (id != null) {
            clientId = id;
            MDC.put(MDC_CLIENT_ID, id);
        }
    }

    /** Counts one occurrence of {@code metric} (once per invocation for {@link Metric#STORE_FAILURES}). */
    public static void count(Metric metric) {
        current().ifPresent(invocation -> invocation.counts.merge(metric, 1,
                metric == Metric.STORE_FAILURES ? (a, b) -> 1 : Integer::sum));
    }

    /** One DynamoDB API call (not attempt) made by this invocation. */
    public static void countDynamoDbCall() {
        current().ifPresent(invocation -> invocation.dynamoDbCalls++);
    }

    /** An HTTP function answered with {@code status}. */
    public static void answered(int status) {
        current().ifPresent(invocation -> invocation.status = status);
    }

    /** The OAuth error code of the answer. */
    public static void failedWith(String errorCode) {
        current().ifPresent(invocation -> invocation.error = errorCode);
    }

    /** The authorizer allowed the request. */
    public static void allowed() {
        current().ifPresent(invocation -> {
            invocation.outcome = "allow";
            invocation.counts.merge(Metric.AUTHORIZATIONS, 1, Integer::sum);
        });
    }

    /** The authorizer refused the request, for {@code reason} (a code of a small fixed set). */
    public static void refused(String reason) {
        current().ifPresent(invocation -> {
            invocation.outcome = "deny";
            invocation.refusal = reason;
            invocation.counts.merge(Metric.AUTHORIZATIONS_REFUSED, 1, Integer::sum);
        });
    }

    /** A function invoked directly (not through the HTTP API) answered. */
    public static void succeeded() {
        current().ifPresent(invocation -> invocation.outcome = "ok");
    }

    /**
     * The invocation failed: the caller got a Lambda error, not an answer. A refusal that is answered by failing (the
     * REST API authorizer's {@code Unauthorized}) stays a refusal.
     */
    public static void failed() {
        current().ifPresent(invocation -> {
            if (invocation.outcome == null) {
                invocation.outcome = "error";
            }
        });
    }

    /** Lets a test see a cold start again. */
    static void resetColdStartForTests() {
        warm = false;
    }

    /** Whether an invocation is being recorded on this thread (tests and the runtime's own threads have none). */
    static boolean inProgress() {
        return CURRENT.get() != null;
    }
}
