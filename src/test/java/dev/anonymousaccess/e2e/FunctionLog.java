package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.local.LambdaProcess;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.testing.EmbeddedMetricFormat;
import dev.anonymousaccess.testing.Lambda;

/**
 * What a function process wrote to its log (its standard output, which Lambda sends to CloudWatch Logs), read from a
 * mark on: every line must be one JSON object, as CloudWatch Logs Insights and the metric extraction want it.
 */
final class FunctionLog {

    private final Path file;
    private final long mark;

    private FunctionLog(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    /** The log of {@code process} from now on. */
    static FunctionLog from(LambdaProcess process) {
        try {
            return new FunctionLog(process.log(), Files.size(process.log()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole log of {@code process}, since it started. */
    static FunctionLog whole(LambdaProcess process) {
        return new FunctionLog(process.log(), 0);
    }

    /** Every line since the mark, each parsed as JSON; fails on the first line that is not one JSON object. */
    List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode parsed = Lambda.JSON.readTree(line);
                assertTrue(parsed.isObject(), "not a JSON object in " + file + ": " + line);
                lines.add(parsed);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not a JSON line in " + file + ": " + line, e);
            }
        }
        return lines;
    }

    String text() {
        try {
            byte[] all = Files.readAllBytes(file);
            return new String(Arrays.copyOfRange(all, (int) Math.min(mark, all.length), all.length),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The invocations' summary lines: in AWS these are the Embedded Metric Format documents, one per invocation; no
     * other line may claim to be a summary.
     */
    List<JsonNode> summaries() {
        List<JsonNode> lines = lines();
        assertTrue(lines.stream().noneMatch(line -> Invocations.class.getName().equals(line.path("logger").asText())),
                "with metrics on, the summary is the metrics document only: " + file);
        return lines.stream().filter(EmbeddedMetricFormat::isDocument).toList();
    }
}
