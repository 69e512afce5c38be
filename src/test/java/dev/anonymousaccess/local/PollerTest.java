package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.testing.ConsoleErrors;

/** How the local stack's readers of moto_server (the table's stream, the event bus's queue) report failed reads. */
class PollerTest {

    /** A read of a server that is gone, as every read is once Ctrl-C has stopped moto_server. */
    static final class ServerGone implements Poller.Step {
        final CountDownLatch failed = new CountDownLatch(1);

        @Override
        public boolean run() throws IOException {
            failed.countDown();
            throw new IOException("server gone");
        }
    }

    @Test
    void aReadThatFailsAsThePollerStopsIsNoFailureToReport() throws Exception {
        ServerGone step = new ServerGone();
        String printed;
        try (ConsoleErrors console = new ConsoleErrors()) {
            Poller poller = new Poller("poller-test", "the test's source", 10, step).start();
            assertTrue(step.failed.await(5, TimeUnit.SECONDS));
            poller.close(); // within the second after the failure, as a stopping stack closes its readers
            printed = console.text();
        }

        assertEquals("", printed);
    }

    @Test
    void aReadThatKeepsFailingWhileThePollerRunsIsReportedWithItsException() throws Exception {
        String printed;
        try (ConsoleErrors console = new ConsoleErrors()) {
            Poller poller = new Poller("poller-test", "the test's source", 10, new ServerGone()).start();
            try {
                long until = System.currentTimeMillis() + 10_000;
                while (!console.text().contains("could not be read") && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
            } finally {
                poller.close();
            }
            printed = console.text();
        }

        assertTrue(printed.contains("the test's source could not be read: java.io.IOException: server gone"), printed);
    }
}
