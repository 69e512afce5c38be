package dev.anonymousaccess.observability;

/**
 * What the rules learn while serving one invocation and report for its summary line and metrics. The function layer
 * passes its invocation's recorder to each rule it calls; a rule run outside any invocation (the fast tests) is handed
 * {@link #NONE}.
 */
public interface InvocationRecorder {

    /** Records nothing. */
    InvocationRecorder NONE = new InvocationRecorder() {
        @Override
        public void identifyUser(String userId, String clientId) {
        }

        @Override
        public void identifyClient(String clientId) {
        }

        @Override
        public void count(Metric metric) {
        }
    };

    /** The user (and its client app) the invocation serves, once the store has confirmed both. */
    void identifyUser(String userId, String clientId);

    /**
     * The client app the invocation serves, once it is known to be registered: only then may it become a metric
     * dimension (a client id from a request alone could be anything).
     */
    void identifyClient(String clientId);

    /** Counts one occurrence of {@code metric} (once per invocation for {@link Metric#STORE_FAILURES}). */
    void count(Metric metric);
}
