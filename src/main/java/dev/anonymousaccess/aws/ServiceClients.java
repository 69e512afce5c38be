package dev.anonymousaccess.aws;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * How the service's own SDK clients (KMS, EventBridge; DynamoDB's is Quarkus's) are built: the URL-connection HTTP
 * client, as DynamoDB's, and the credentials and region as Lambda sets them (the environment; system properties in the
 * tests), not the default chains, whose profile-file and instance-metadata probes cost a cold start milliseconds.
 */
public final class ServiceClients {

    private ServiceClients() {
    }

    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder,
            Optional<URI> endpointOverride) {
        builder.httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create()))
                .region(new SystemSettingsRegionProvider().getRegion());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * A client built on first use, once, and shared: a function that never calls the service never builds its client
     * (building one costs a cold start milliseconds).
     */
    public static <C> Supplier<C> onFirstUse(Supplier<C> build) {
        return new Supplier<>() {
            private volatile C client;

            @Override
            public C get() {
                C built = client;
                if (built == null) {
                    synchronized (this) {
                        if (client == null) {
                            client = build.get();
                        }
                        built = client;
                    }
                }
                return built;
            }
        };
    }
}
