package dev.anonymousaccess.lambda;

import io.quarkus.amazon.lambda.runtime.FunctionError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Fails a direct invocation with exactly its message as the Lambda {@code errorMessage}: Funqy reports a thrown
 * exception's {@code toString()}, and API Gateway only reads a bare {@code Unauthorized} as a 401. No stack trace is
 * captured, so none can be reported.
 */
// A native executable reports a thrown exception itself, by writing the Quarkus Lambda runtime's FunctionError with
// Jackson: its getters must be registered too, or every failure (an authorizer's "Unauthorized" among them) crashes.
@RegisterForReflection(targets = FunctionError.class, methods = true, fields = true)
public class InvocationFailure extends RuntimeException {

    public InvocationFailure(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
