package dev.anonymousaccess.local;

import java.io.IOException;

/**
 * A reader of moto_server that runs on a daemon thread of its own until closed, as the local stack's stand-ins for
 * Lambda's event source mapping and an event rule's target do: a step again at once while it finds work, after
 * {@code idleMillis} when it finds none. A read that fails is reported only if the poller still runs a second later:
 * a stack that stops loses its server first (Ctrl-C reaches moto_server too), and that is no failure to report.
 */
final class Poller implements AutoCloseable {

    /** One round of work. */
    interface Step {
        /** @return whether there was work (then the next round starts at once) */
        boolean run() throws IOException;
    }

    private static final long RETRY_MILLIS = 1_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final String what;
    private final long idleMillis;
    private final Step step;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param what what is read, for the failure line ("the table's stream") */
    Poller(String threadName, String what, long idleMillis, Step step) {
        this.what = what;
        this.idleMillis = idleMillis;
        this.step = step;
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
    }

    Poller start() {
        thread.start();
        return this;
    }

    /** False once closed: work under way stops at its next check. */
    boolean running() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                if (!step.run()) {
                    Thread.sleep(idleMillis);
                }
            } catch (IOException e) {
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException stopped) {
                    return;
                }
                if (running) {
                    System.err.println(what + " could not be read: " + e);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the loop and waits for a round under way to end. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
