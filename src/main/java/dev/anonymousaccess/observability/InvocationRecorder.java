package dev.anonymousaccess.observability;

/**
 * What the rules learn while serving one invocation and report for its summary line and metrics. The function layer
 * passes its invocation's recorder to each rule it calls; a rule run outside any invocation (the fast tests) is handed
 * {@link #NONE}.
 */
@FunctionalInterface
public interface InvocationRecorder {

    /** Records nothing. */
    InvocationRecorder NONE = metric -> {
    };

    /**
     * The user (and its client app) the invocation serves, once the store has confirmed both. A recorder that only
     * counts (a test's) keeps no identities.
     */
    default void identifyUser(String userId, String clientId) {
    }

    /**
     * The client app the invocation serves, once it is known to be registered: only then may it become a metric
     * dimension (a client id from a request alone could be anything).
     */
    default void identifyClient(String clientId) {
    }

    /** Counts one occurrence of {@code metric} (once per invocation for {@link Metric#STORE_FAILURES}). */
    void count(Metric metric);
}
