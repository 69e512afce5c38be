package dev.anonymousaccess.observability;

import java.util.EnumMap;
import java.util.Map;

import org.jboss.logging.MDC;

/**
 * What one invocation of a function did, gathered while it runs: who it served, what it counted, how it ended.
 * {@link Invocations#run} creates it and hands it to the function, which passes it on to the rules it calls (as their
 * {@link InvocationRecorder}) and records how the invocation ended. Identities also go to the logging context, so
 * every line logged after them carries them.
 */
public final class Invocation implements InvocationRecorder {

    static final String MDC_FUNCTION = "function";
    static final String MDC_API_REQUEST_ID = "apiRequestId";
    static final String MDC_USER_ID = "userId";
    static final String MDC_CLIENT_ID = "clientId";
    static final String MDC_COLD_START = "coldStart";

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
    private long dynamoDbCalls;

    private Invocation(String function, String route, String apiRequestId, boolean coldStart, long startedNanos) {
        this.function = function;
        this.route = route;
        this.apiRequestId = apiRequestId;
        this.coldStart = coldStart;
        this.startedNanos = startedNanos;
    }

    /** Starts recording; {@code route} and {@code apiRequestId} may be null (a direct invoke has neither). */
    static Invocation begin(String function, String route, String apiRequestId, boolean coldStart) {
        Invocation invocation = new Invocation(function, route, apiRequestId, coldStart, System.nanoTime());
        MDC.put(MDC_FUNCTION, function);
        if (apiRequestId != null) {
            MDC.put(MDC_API_REQUEST_ID, apiRequestId);
        }
        if (coldStart) {
            MDC.put(MDC_COLD_START, "true");
        }
        return invocation;
    }

    /** What the invocation did so far, for its summary line and its metrics. */
    InvocationRecord record() {
        long latencyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new InvocationRecord(function, route, apiRequestId, coldStart, outcome(), status, error, refusal,
                latencyMillis, (int) dynamoDbCalls, userId, clientId, Map.copyOf(counts));
    }

    /** Stops recording: the logging context forgets the invocation. */
    void end() {
        for (String key : new String[] { MDC_FUNCTION, MDC_API_REQUEST_ID, MDC_USER_ID, MDC_CLIENT_ID,
                MDC_COLD_START }) {
            MDC.remove(key);
        }
    }

    /** The DynamoDB calls made while the invocation ran, and whether any failed. */
    void storeActivity(long calls, long failures) {
        dynamoDbCalls = calls;
        if (failures > 0) {
            count(Metric.STORE_FAILURES);
        }
    }

    private String outcome() {
        if (outcome != null) {
            return outcome;
        }
        return status == 0 ? "error" : Integer.toString(status);
    }

    @Override
    public void identifyUser(String id, String client) {
        userId = id;
        MDC.put(MDC_USER_ID, id);
        identifyClient(client);
    }

    @Override
    public void identifyClient(String id) {
        if (id != null) {
            clientId = id;
            MDC.put(MDC_CLIENT_ID, id);
        }
    }

    @Override
    public void count(Metric metric) {
        counts.merge(metric, 1, metric == Metric.STORE_FAILURES ? (a, b) -> 1 : Integer::sum);
    }

    /** An HTTP function answered with {@code status}; {@code errorCode} is the OAuth error answered, or null. */
    public void answered(int httpStatus, String errorCode) {
        status = httpStatus;
        error = errorCode;
    }

    /** The authorizer allowed the request, or an introspection found the token active. */
    public void allowed() {
        outcome = "allow";
        counts.merge(Metric.AUTHORIZATIONS, 1, Integer::sum);
    }

    /** The authorizer refused the request, or an introspection found the token inactive, for {@code reason}. */
    public void refused(String reason) {
        outcome = "deny";
        refusal = reason;
        counts.merge(Metric.AUTHORIZATIONS_REFUSED, 1, Integer::sum);
    }

    /** A function invoked directly (not through the HTTP API) answered. */
    public void succeeded() {
        outcome = "ok";
    }

    /**
     * The invocation failed: the caller got a Lambda error, not an answer. A refusal that is answered by failing (the
     * REST API authorizer's {@code Unauthorized}) stays a refusal.
     */
    void failed() {
        if (outcome == null) {
            outcome = "error";
        }
    }
}
