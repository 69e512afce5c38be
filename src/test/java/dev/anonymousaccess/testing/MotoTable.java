package dev.anonymousaccess.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.anonymousaccess.local.MotoServerProcess;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A moto_server of a test class's own with one table, started before its first test and stopped after its last
 * ({@code @RegisterExtension static final MotoTable STORE = new MotoTable("name", withStream)}): for the tests of the
 * store's and the local stack's own parts, which need no Quarkus application.
 */
public final class MotoTable implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final boolean withStream;
    private MotoServerProcess moto;
    private DynamoDbClient dynamo;

    public MotoTable(String name, boolean withStream) {
        this.name = name;
        this.withStream = withStream;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        moto = MotoServerProcess.start();
        moto.createTable(name, withStream);
        dynamo = MotoServerProcess.client(moto.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dynamo.close();
        moto.close();
    }

    public String name() {
        return name;
    }

    public MotoServerProcess moto() {
        return moto;
    }

    public String endpoint() {
        return moto.endpoint();
    }

    /** A client of the server (static test credentials), open while the class runs. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }
}
