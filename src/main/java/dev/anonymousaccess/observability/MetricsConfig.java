package dev.anonymousaccess.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code anonymous-access.metrics.*}: the CloudWatch metrics of every invocation (docs/operations.md). */
@ConfigMapping(prefix = "anonymous-access.metrics")
public interface MetricsConfig {

    /** Whether each invocation writes its Embedded Metric Format document to standard output. */
    @WithDefault("true")
    boolean enabled();

    /** The CloudWatch namespace of the metrics. */
    @WithDefault("AnonymousAccess")
    String namespace();
}
