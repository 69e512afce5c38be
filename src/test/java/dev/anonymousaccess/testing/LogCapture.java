package dev.anonymousaccess.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures everything logged in the test JVM at every level, with exception messages and stack traces — except the
 * tests' own HTTP client (rest-assured, Apache HttpClient), which plays API Gateway and so sees tokens.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Captured> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Level previous;

    public LogCapture() {
        setLevel(Level.ALL);
        previous = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(this);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The captured records with their logging context (MDC) as it was when they were logged. */
    public List<Captured> records() {
        return List.copyOf(records);
    }

    /** One log record: logger, formatted message and logging context. */
    public record Captured(String logger, String message, Map<String, String> mdc) {
    }

    @Override
    public void publish(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (logger.startsWith("org.apache.http") || logger.startsWith("io.restassured")) {
            return;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " " + message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(' ').append(trace);
        }
        lines.add(line.toString());
        records.add(new Captured(logger, message,
                record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previous);
    }
}
