package dev.anonymousaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

import io.quarkus.test.junit.TestProfile;

/**
 * The function tests run only through the suites of their package (the build excludes the classes themselves, so that
 * each Quarkus application starts once per suite rather than once per class): every test class there belongs to
 * exactly one suite, and each suite holds the classes of one profile, all of them.
 */
@Tag("rules")
class FunctionSuitesTest {

    private static final String PACKAGE = "dev.anonymousaccess.function";

    @Test
    void everyFunctionTestClassIsInASuite() {
        assertEquals(testClasses(), new TreeSet<>(members()));
    }

    @Test
    void noClassIsInTwoSuites() {
        List<String> members = members();
        List<String> twice = members.stream().filter(member -> members.indexOf(member) != members.lastIndexOf(member))
                .distinct().toList();

        assertEquals(List.of(), twice, "classes named by two suites");
    }

    @Test
    void eachSuiteHoldsTheClassesOfOneProfile() {
        profilesBySuite().forEach((suite, profiles) -> assertEquals(1, profiles.size(), suite + " mixes " + profiles));
    }

    @Test
    void noProfileIsSplitOverTwoSuites() {
        List<String> profiles = profilesBySuite().values().stream().flatMap(Set::stream).toList();

        assertEquals(profiles.size(), new TreeSet<>(profiles).size(), "a profile in two suites: " + profilesBySuite());
    }

    private static List<String> members() {
        return suites().values().stream().flatMap(List::stream).toList();
    }

    private static Map<String, Set<String>> profilesBySuite() {
        Map<String, Set<String>> profiles = new TreeMap<>();
        suites().forEach((suite, members) -> profiles.put(suite,
                members.stream().map(FunctionSuitesTest::profileOf).collect(Collectors.toCollection(TreeSet::new))));
        return profiles;
    }

    /** The package's top-level classes, as compiled next to this one. */
    private static List<Class<?>> packageClasses() {
        try (Stream<Path> files = Files.list(Path.of(FunctionSuitesTest.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).resolve(PACKAGE.replace('.', '/')))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .<Class<?>>map(name -> load(PACKAGE + "." + name.substring(0, name.length() - ".class".length())))
                    .toList();
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot list " + PACKAGE, e));
        }
    }

    /** The names the build would run as tests: the surefire pattern {@code *Test}. */
    private static Set<String> testClasses() {
        return packageClasses().stream().map(Class::getName).filter(name -> name.endsWith("Test"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, List<String>> suites() {
        Map<String, List<String>> suites = new TreeMap<>();
        packageClasses().stream().filter(c -> c.isAnnotationPresent(Suite.class)).forEach(
                suite -> suites.put(suite.getName(), List.of(suite.getAnnotation(SelectClasses.class).names())));
        return suites;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, FunctionSuitesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("a suite names a class that does not exist: " + name, e);
        }
    }

    private static String profileOf(String testClass) {
        TestProfile profile = load(testClass).getAnnotation(TestProfile.class);
        assertNotNull(profile, testClass + " has no test profile");
        return profile.value().getName();
    }
}
