package dev.anonymousaccess.nativeimage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

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

        assertEquals(serviceInterceptorLists(), lookedUp);
    }

    @Test
    void theGlobalInterceptorListCheckedIsTheOneTheSdkLooksUp() {
        assertTrue(classFileText("software.amazon.awssdk.core.interceptor.ClasspathInterceptorChainFactory")
                .contains(AbsentFiles.GLOBAL_INTERCEPTORS));
    }

    @Test
    void everyServicesPartitionsLookupIsSubstituted() {
        Set<String> substituted = substitutions().keySet().stream().map(target -> PARTITION_PROVIDER.matcher(target))
                .filter(Matcher::matches).map(matcher -> matcher.group(1)).collect(Collectors.toSet());

        assertEquals(Set.copyOf(AbsentFiles.SDK_SERVICES), substituted);
    }

    @Test
    void thePartitionsOverrideCheckedIsTheOneEverySubstitutedProviderLooksUp() {
        substitutions().keySet().stream().filter(target -> PARTITION_PROVIDER.matcher(target).matches())
                .forEach(target -> assertTrue(classFileText(target).contains(AbsentFiles.PARTITIONS_OVERRIDE), target));
    }

    @Test
    void everySdkMethodSubstitutedIsOnTheClasspathAsSubstituted() throws ClassNotFoundException {
        // The native build fails on a target that is gone; this says so in the JVM tests already. The JDK's targets
        // (JDK 18 and later) are the native toolchain's, not this Java 17 test run's.
        for (var substitution : substitutions().entrySet()) {
            if (!substitution.getKey().startsWith("software.amazon.awssdk.")) {
                continue;
            }
            Class<?> target = Class.forName(substitution.getKey(), false, getClass().getClassLoader());
            for (Method replacement : substitution.getValue().getDeclaredMethods()) {
                if (replacement.isAnnotationPresent(Substitute.class)) {
                    Method original = assertDoesNotThrow(() -> target.getDeclaredMethod(replacement.getName(),
                            replacement.getParameterTypes()), target.getName() + "." + replacement.getName());
                    assertEquals(original.getReturnType(), replacement.getReturnType(), original.toString());
                }
            }
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

    private static final Pattern PARTITION_PROVIDER = Pattern
            .compile("software\\.amazon\\.awssdk\\.services\\.([a-z0-9]+)\\.endpoints\\.internal\\.DefaultPartitionDataProvider");

    private static Set<String> serviceInterceptorLists() {
        return AbsentFiles.interceptorLists().stream().filter(list -> !list.equals(AbsentFiles.GLOBAL_INTERCEPTORS))
                .collect(Collectors.toSet());
    }

    /** The substitutions SkippedLookups holds, by the class each targets. */
    private static Map<String, Class<?>> substitutions() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(AbsentFiles.class.getPackageName()).stream()
                .filter(type -> type.isAnnotatedWith(TargetClass.class)).map(JavaClass::reflect)
                .collect(Collectors.toMap(type -> type.getAnnotation(TargetClass.class).className(), type -> type));
    }

    private static URLClassLoader loaderWith(Path classpath, String file) throws IOException {
        Path path = classpath.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "example.Something\n");
        return new URLClassLoader(new URL[] { classpath.toUri().toURL() }, null);
    }

    private static Set<String> stringsMatching(JavaClass type, Pattern pattern) {
        Matcher matcher = pattern.matcher(classFileText(type.getName()));
        Set<String> found = new HashSet<>();
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
