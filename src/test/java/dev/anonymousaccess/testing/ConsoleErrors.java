package dev.anonymousaccess.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What is printed on standard error while it is open (try-with-resources), for the local stack's parts that speak to
 * the person at the console rather than through a logger.
 */
public final class ConsoleErrors implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    public ConsoleErrors() {
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    public String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
