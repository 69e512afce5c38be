package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stand-in for the event bus's rule target, read as the events arrive, when its server goes away. */
class LocalEventBusTest {

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stderr;

    @BeforeEach
    void captureTheConsole() {
        stderr = System.err;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheConsole() {
        System.setErr(stderr);
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aServerThatGoesAwayAsTheStackStopsIsNoFailureToReport(@TempDir Path work) throws Exception {
        MotoServerProcess moto = MotoServerProcess.start();
        LocalEventBus bus = LocalEventBus.create(moto.endpoint(), "bus", work.resolve("events.jsonl"), line -> { });

        moto.close(); // Ctrl-C reaches moto_server as it reaches the stack
        Thread.sleep(600); // the reader has found the server gone (it reads five times a second)
        bus.close();
        Thread.sleep(1_500); // past the second after which a lasting failure is reported

        assertEquals("", printed());
    }

    @Test
    void aServerGoneWhileTheStackRunsIsReported(@TempDir Path work) throws Exception {
        MotoServerProcess moto = MotoServerProcess.start();
        LocalEventBus bus = LocalEventBus.create(moto.endpoint(), "bus", work.resolve("events.jsonl"), line -> { });
        try {
            moto.close();
            long until = System.currentTimeMillis() + 10_000;
            while (!printed().contains("lifecycle events could not be read") && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
        } finally {
            bus.close();
        }

        assertTrue(printed().contains("lifecycle events could not be read"), printed());
    }
}
