package dev.anonymousaccess.function;

/**
 * Fails a direct invocation with exactly its message as the Lambda {@code errorMessage}: Funqy reports a thrown
 * exception's {@code toString()}, and API Gateway only reads a bare {@code Unauthorized} as a 401. No stack trace is
 * captured, so none can be reported.
 */
public class InvocationFailure extends RuntimeException {

    public InvocationFailure(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
