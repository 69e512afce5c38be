package dev.anonymousaccess.nativeimage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/*
 * Native-image substitutions that answer, without a classpath search, the start-up lookups of files that AbsentFiles
 * found absent when the image was built. Each applies only when its check holds; the JVM build never loads them. A
 * renamed or removed target method fails the native build rather than going unnoticed.
 */

@TargetClass(className = "software.amazon.awssdk.core.interceptor.ClasspathInterceptorChainFactory",
        onlyWith = AbsentFiles.NoInterceptorLists.class)
final class Target_ClasspathInterceptorChainFactory {

    // The SDK keeps and extends what this returns: a new mutable collection, as the original gives.
    @Substitute
    private Collection<?> createExecutionInterceptorsFromClasspath(String path) {
        return new ArrayList<>();
    }
}

@TargetClass(className = "software.amazon.awssdk.services.dynamodb.endpoints.internal.DefaultPartitionDataProvider",
        onlyWith = AbsentFiles.NoPartitionsOverride.class)
final class Target_DynamoDbPartitionDataProvider {

    @Substitute
    private Optional<?> classpathPartitionsFile() {
        return Optional.empty();
    }
}

@TargetClass(className = "software.amazon.awssdk.services.kms.endpoints.internal.DefaultPartitionDataProvider",
        onlyWith = AbsentFiles.NoPartitionsOverride.class)
final class Target_KmsPartitionDataProvider {

    @Substitute
    private Optional<?> classpathPartitionsFile() {
        return Optional.empty();
    }
}

@TargetClass(className = "software.amazon.awssdk.services.eventbridge.endpoints.internal.DefaultPartitionDataProvider",
        onlyWith = AbsentFiles.NoPartitionsOverride.class)
final class Target_EventBridgePartitionDataProvider {

    @Substitute
    private Optional<?> classpathPartitionsFile() {
        return Optional.empty();
    }
}

// The JDK's resolver type (JDK 18 and later), named here so that this source compiles for Java 17 as the project does.
@TargetClass(className = "java.net.spi.InetAddressResolver", onlyWith = AbsentFiles.NoResolverProvider.class)
final class Target_java_net_spi_InetAddressResolver {
}

@TargetClass(className = "java.net.InetAddress", onlyWith = AbsentFiles.NoResolverProvider.class)
final class Target_java_net_InetAddress {

    @Alias
    private static Target_java_net_spi_InetAddressResolver BUILTIN_RESOLVER;

    @Substitute
    private static Target_java_net_spi_InetAddressResolver loadResolver() {
        return BUILTIN_RESOLVER;
    }
}
