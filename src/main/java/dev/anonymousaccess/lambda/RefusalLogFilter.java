package dev.anonymousaccess.lambda;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the Lambda runtime's "Failed to run lambda" record, stack trace included, when a function failed on purpose
 * with an {@link InvocationFailure}: every such failure (an authorizer refusal, a bad admin request) was already
 * logged by the function as one line with its reason. Every other failure is still logged in full.
 */
@LoggingFilter(name = "invocation-failures")
public final class RefusalLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvocationFailure) {
                return false;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return true;
    }
}
