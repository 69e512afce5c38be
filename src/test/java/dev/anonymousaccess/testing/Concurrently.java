package dev.anonymousaccess.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Calls made at the same moment, each on its own thread, released together: how races are run. */
public final class Concurrently {

    private Concurrently() {
    }

    /** {@code call} by {@code callers} threads at once; their results in order. */
    public static <T> List<T> run(int callers, Callable<T> call) throws Exception {
        return run(Collections.nCopies(callers, call));
    }

    /** Every call of {@code calls} at once, each on its own thread; their results in order. */
    public static <T> List<T> run(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
