package dev.anonymousaccess.lambda;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The native executable's entry point ({@code bootstrap} on provided.al2023); the JVM build's entry is the handler,
 * not this. It names the JSON-P provider before Quarkus sets up its JSON log formatter, which otherwise asks
 * {@link java.util.ServiceLoader} for one, twice: in the native image each such search looks through the image's
 * resources, slowly. Profiled, the two searches were the JSON formatter's whole start-up cost; measured, naming the
 * provider took 2–6 ms off the authorizer's native cold start (docs/performance.md).
 */
@QuarkusMain
public final class FunctionMain {

    /** The provider quarkus-logging-json brings (Eclipse Parsson); jakarta.json reads this property first. */
    static final String JSON_PROVIDER = "org.eclipse.parsson.JsonProviderImpl";
    static final String JSON_PROVIDER_PROPERTY = "jakarta.json.provider";

    private FunctionMain() {
    }

    public static void main(String... args) {
        nameJsonProvider();
        Quarkus.run(args);
    }

    /** Names {@link #JSON_PROVIDER} unless a provider is named already (a {@code -D} argument wins). */
    static void nameJsonProvider() {
        if (System.getProperty(JSON_PROVIDER_PROPERTY) == null) {
            System.setProperty(JSON_PROVIDER_PROPERTY, JSON_PROVIDER);
        }
    }
}
