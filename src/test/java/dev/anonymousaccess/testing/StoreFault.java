package dev.anonymousaccess.testing;

import java.util.function.Supplier;

import dev.anonymousaccess.testing.DynamoDbProxy.Fault;

/**
 * Every way the store fails a public endpoint, armed on every DynamoDB operation between the function and moto_server
 * for the duration of one call ({@link #during}).
 */
public enum StoreFault {
    /** Every call answered 500 InternalServerError. */
    OUTAGE,
    /** Every call refused with ProvisionedThroughputExceededException. */
    THROTTLING,
    /** Every call answered 500 after the server applied it. */
    APPLIED_THEN_FAILED,
    /** The server does not answer at all: the SDK's timeouts end the call. */
    HANG;

    static final String[] OPERATIONS = { "GetItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchGetItem", "Query" };

    private void arm() {
        switch (this) {
            case OUTAGE -> MotoServer.proxy().startOutage();
            case THROTTLING -> injectEverywhere(Fault.THROTTLE);
            case APPLIED_THEN_FAILED -> injectEverywhere(Fault.FAIL_AFTER);
            case HANG -> MotoServer.freeze();
        }
    }

    /** What {@code call} answers while this fault is armed; the fault ends with it. */
    public <T> T during(Supplier<T> call) {
        arm();
        try {
            return call.get();
        } finally {
            MotoServer.resetFaults();
        }
    }

    private static void injectEverywhere(Fault fault) {
        for (String operation : OPERATIONS) {
            MotoServer.proxy().inject(operation, fault, 100);
        }
    }
}
