package dev.anonymousaccess.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.anonymousaccess.observability.Invocations;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * The handler of the JVM packaging (managed {@code java21} runtime): Funqy's stream handler, except that a function
 * failing on purpose with an {@link InvocationFailure} reaches the runtime as that failure itself, not wrapped in
 * Funqy's exception. The runtime logs what it is given: a refusal then logs one line, without a stack trace, and its
 * error message stays exactly the failure's ({@code Unauthorized}). The native build reports failures through Quarkus's
 * own poll loop instead ({@link RefusalLogFilter}). Like that poll loop, it puts the Lambda request id in the logging
 * context for the invocation.
 */
public class JvmStreamHandler implements RequestStreamHandler {

    private final FunqyStreamHandler funqy = new FunqyStreamHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(Invocations.MDC_LAMBDA_REQUEST_ID, context.getAwsRequestId());
        }
        try {
            funqy.handleRequest(input, output, context);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
                if (cause instanceof InvocationFailure failure) {
                    throw failure;
                }
            }
            throw e;
        } finally {
            MDC.remove(Invocations.MDC_LAMBDA_REQUEST_ID);
        }
    }
}
