package dev.anonymousaccess.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * docs/openapi.yaml, the HTTP API's published description, as Atlassian's validator reads it: what checks the
 * functions' answers (and, end to end, the requests too) against the document users generate clients from.
 */
public final class OpenApiDocument {

    public static final Path FILE = Path.of("docs", "openapi.yaml");

    /** What the validator says when the document has no such route: not a mismatch, a request it does not describe. */
    private static final Set<String> UNDESCRIBED = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(FILE.toAbsolutePath().toUri().toString()).build();

    private OpenApiDocument() {
    }

    public static OpenApiInteractionValidator validator() {
        return VALIDATOR;
    }

    /**
     * Checks a function's answer to {@code method path} against the document, if the document describes that route
     * (a function invoked directly with a method its route does not have is not an API call).
     *
     * @throws AssertionError naming every mismatch
     */
    public static void checkAnswer(String method, String path, int status, Map<String, String> headers,
            String body) {
        String upper = method.toUpperCase(Locale.ROOT);
        if (Arrays.stream(Request.Method.values()).noneMatch(known -> known.name().equals(upper))) {
            return; // no HTTP method (a test of malformed events): nothing API Gateway would route
        }
        ValidationReport report = VALIDATOR.validateResponse(path, Request.Method.valueOf(upper),
                response(status, headers, body));
        if (report.getMessages().stream().anyMatch(message -> UNDESCRIBED.contains(message.getKey()))) {
            return;
        }
        assertValid(method + " " + path + " answered " + status + " " + body, report);
    }

    /** The answer as the validator sees it: headers by name, case-insensitively, and the body as sent. */
    public static Response response(int status, Map<String, String> headers, String body) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(status);
        headers.forEach(builder::withHeader);
        if (body != null) {
            builder.withBody(body);
        }
        return builder.build();
    }

    /** @throws AssertionError listing the report's errors, if it has any */
    public static void assertValid(String what, ValidationReport report) {
        if (report.hasErrors()) {
            List<String> errors = report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .map(message -> message.getKey() + ": " + message.getMessage()).collect(Collectors.toList());
            throw new AssertionError("docs/openapi.yaml does not describe " + what + ": " + errors);
        }
    }
}
