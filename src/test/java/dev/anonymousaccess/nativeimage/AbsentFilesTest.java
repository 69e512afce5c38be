package dev.anonymousaccess.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;

@Tag("rules")
class AbsentFilesTest {

    private static final Pattern SERVICE_INTERCEPTORS = Pattern
            .compile("software/amazon/awssdk/services/[a-z0-9]+/execution\\.interceptors");

    @Test
    void theInterceptorListsCheckedAreTheOnesTheSdkClientsOnTheClasspathLookUp() {
        // Each service's client builder names its own list; a service missing from AbsentFiles would lose its list's
        // interceptors in the native executable.
        Set<String> lookedUp = new ClassFileImporter()
                .withImportOption(location -> location.matches(
                        Pattern.compile(".*/software/amazon/awssdk/services/[^/]+/Default[^/$]*BaseClientBuilder\\.class")))
                .importPackages("software.amazon.awssdk.services").stream()
                .flatMap(builder -> stringsMatching(builder, SERVICE_INTERCEPTORS).stream())
                .collect(Collectors.toSet());

        assertEquals(Set.of("software/amazon/awssdk/services/dynamodb/execution.interceptors",
                "software/amazon/awssdk/services/eventbridge/execution.interceptors",
                "software/amazon/awssdk/services/kms/execution.interceptors"), lookedUp);
        assertTrue(AbsentFiles.interceptorLists().containsAll(lookedUp));
    }

    @Test
    void theGlobalInterceptorListCheckedIsTheOneTheSdkLooksUp() {
        assertTrue(classFileText("software.amazon.awssdk.core.interceptor.ClasspathInterceptorChainFactory")
                .contains(AbsentFiles.GLOBAL_INTERCEPTORS));
        assertTrue(AbsentFiles.interceptorLists().contains(AbsentFiles.GLOBAL_INTERCEPTORS));
    }

    @Test
    void thePartitionsOverrideCheckedIsTheOneEverySubstitutedServiceLooksUp() {
        for (String service : List.of("dynamodb", "kms", "eventbridge")) {
            assertTrue(classFileText("software.amazon.awssdk.services." + service
                    + ".endpoints.internal.DefaultPartitionDataProvider").contains(AbsentFiles.PARTITIONS_OVERRIDE),
                    service);
        }
    }

    @Test
    void thePackageHasNoneOfTheFilesSoTheNativeExecutableSkipsTheirLookups() {
        assertTrue(new AbsentFiles.NoInterceptorLists().getAsBoolean());
        assertTrue(new AbsentFiles.NoPartitionsOverride().getAsBoolean());
        assertTrue(new AbsentFiles.NoResolverProvider().getAsBoolean());
    }

    @Test
    void aServicesInterceptorListOnTheClasspathTurnsTheSkipOff(@TempDir Path classpath) throws IOException {
        try (URLClassLoader loader = loaderWith(classpath, "software/amazon/awssdk/services/kms/execution.interceptors")) {
            assertFalse(AbsentFiles.noneOf(AbsentFiles.interceptorLists(), loader));
        }
    }

    @Test
    void aPartitionsOverrideOnTheClasspathTurnsTheSkipOff(@TempDir Path classpath) throws IOException {
        try (URLClassLoader loader = loaderWith(classpath, AbsentFiles.PARTITIONS_OVERRIDE)) {
            assertFalse(AbsentFiles.noneOf(List.of(AbsentFiles.PARTITIONS_OVERRIDE), loader));
        }
    }

    @Test
    void aResolverProviderOnTheClasspathTurnsTheSkipOff(@TempDir Path classpath) throws IOException {
        try (URLClassLoader loader = loaderWith(classpath, AbsentFiles.RESOLVER_PROVIDERS)) {
            assertFalse(AbsentFiles.noneOf(List.of(AbsentFiles.RESOLVER_PROVIDERS), loader));
        }
    }

    private static URLClassLoader loaderWith(Path classpath, String file) throws IOException {
        Path path = classpath.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "example.Something\n");
        return new URLClassLoader(new URL[] { classpath.toUri().toURL() }, null);
    }

    private static Set<String> stringsMatching(JavaClass type, Pattern pattern) {
        Matcher matcher = pattern.matcher(classFileText(type.getName()));
        Set<String> found = new java.util.HashSet<>();
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** A class file's bytes as text: its constant pool's strings appear in it verbatim. */
    private static String classFileText(String className) {
        try (InputStream in = AbsentFilesTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
