package dev.anonymousaccess.local;

/** A deployed function as the local API calls it: one event in, its result or its Lambda error out. */
public interface LambdaFunction {

    Invocation invoke(String event);

    /** An invocation's outcome: {@code ok} with the function's result, or failed with the Lambda error document. */
    record Invocation(boolean ok, String payload) {
    }
}
