package dev.anonymousaccess.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Files the AWS SDK and the JDK look up on the classpath at every start, and the image-build-time checks that none of
 * them is there. A native executable holds only the resources its build found, so a file absent at build time is
 * absent at run time, and its lookup can be answered without searching: each lookup costs a native cold start 2 to 4
 * ms of CPU (docs/performance.md), because the native image compares its resource keys through reflection. The checks
 * decide whether {@link SkippedLookups} applies; where a file exists, the SDK or the JDK looks it up as always.
 */
public final class AbsentFiles {

    /** Execution interceptors every SDK client adds. */
    static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    /**
     * The SDK services this package contains: each client looks up its service's own interceptor list. A service added
     * to the package must be added here (AbsentFilesTest compares this list with the SDK's services on the
     * classpath), or its interceptor list would go unread.
     */
    static final List<String> SDK_SERVICES = List.of("dynamodb", "eventbridge", "kms");

    /** A file that would replace the SDK's built-in endpoint partitions. */
    static final String PARTITIONS_OVERRIDE = "software/amazon/awssdk/global/partitions.json";

    /** Providers of another host-name resolver than the JDK's own. */
    static final String RESOLVER_PROVIDERS = "META-INF/services/java.net.spi.InetAddressResolverProvider";

    private AbsentFiles() {
    }

    static List<String> interceptorLists() {
        return Stream.concat(Stream.of(GLOBAL_INTERCEPTORS),
                SDK_SERVICES.stream().map(service -> "software/amazon/awssdk/services/" + service + "/execution.interceptors"))
                .toList();
    }

    static boolean noneOf(Collection<String> names, ClassLoader loader) {
        try {
            for (String name : names) {
                if (loader.getResources(name).hasMoreElements()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader imageClassLoader() {
        // At image build time this class is loaded by the loader of the image's classpath: the jars the executable is
        // built from, whose resources are the only ones it can contain.
        return AbsentFiles.class.getClassLoader();
    }

    /** No SDK execution-interceptor list: neither the global one nor any of {@link #SDK_SERVICES}'. */
    public static final class NoInterceptorLists implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return noneOf(interceptorLists(), imageClassLoader());
        }
    }

    /** No file overriding the SDK's endpoint partitions. */
    public static final class NoPartitionsOverride implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return noneOf(List.of(PARTITIONS_OVERRIDE), imageClassLoader());
        }
    }

    /** No host-name resolver provider: the JDK's built-in resolver is the one used. */
    public static final class NoResolverProvider implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return noneOf(List.of(RESOLVER_PROVIDERS), imageClassLoader());
        }
    }
}
