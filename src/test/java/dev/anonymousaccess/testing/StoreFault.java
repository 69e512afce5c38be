package dev.anonymousaccess.testing;

import dev.anonymousaccess.testing.DynamoDbProxy.Fault;

/**
 * Every way the store fails a public endpoint, armed on every DynamoDB operation between the function and moto_server
 * until the test's fixture resets the proxy (or, for {@link #HANG}, until {@link #clear()}).
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

    public void arm() {
        switch (this) {
            case OUTAGE -> MotoServer.proxy().startOutage();
            case THROTTLING -> injectEverywhere(Fault.THROTTLE);
            case APPLIED_THEN_FAILED -> injectEverywhere(Fault.FAIL_AFTER);
            case HANG -> MotoServer.freeze();
        }
    }

    /** Ends the fault now (the fixture also ends any left armed before the next test). */
    public void clear() {
        MotoServer.resetFaults();
    }

    private static void injectEverywhere(Fault fault) {
        for (String operation : OPERATIONS) {
            MotoServer.proxy().inject(operation, fault, 100);
        }
    }
}
