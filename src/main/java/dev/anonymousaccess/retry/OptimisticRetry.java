package dev.anonymousaccess.retry;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.anonymousaccess.error.ContentionException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;

/**
 * The one loop of every optimistic decision: read, decide, write on the condition that nothing changed; when something
 * did, decide again on what is stored now, after a short jittered pause (so that racing callers spread out), a bounded
 * number of times. Running out is contention ({@link ContentionException}, counted as {@link Metric#CONTENTION}).
 */
public final class OptimisticRetry {

    /** The first pause is up to this long; each further one up to twice as long, at most {@link #MAX_PAUSE_MILLIS}. */
    static final long FIRST_PAUSE_MILLIS = 5;
    static final long MAX_PAUSE_MILLIS = 80;

    private OptimisticRetry() {
    }

    /** One decision: its outcome, or empty when what it read changed and it must be decided again. */
    @FunctionalInterface
    public interface Attempt<T> {
        Optional<T> decide();
    }

    /**
     * Runs {@code attempt} until it decides, at most {@code attempts} times.
     *
     * @param what what is decided, for the log line when it never is ("the refresh", "the claim")
     * @throws ContentionException when every attempt found the store changed
     */
    public static <T> T decide(int attempts, String what, InvocationRecorder recorder, Attempt<T> attempt) {
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                pause(i);
            }
            Optional<T> decided = attempt.decide();
            if (decided.isPresent()) {
                return decided.get();
            }
        }
        recorder.count(Metric.CONTENTION);
        throw new ContentionException("what was read kept changing during " + what + " (" + attempts + " attempts)");
    }

    private static void pause(int attempt) {
        long bound = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentionException("interrupted while deciding again");
        }
    }
}
