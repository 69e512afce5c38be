package dev.anonymousaccess;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.user.Session;

/** The package graph docs/contributing.md draws: no cycles, and the rules never depend on the adapters around them. */
@Tag("rules")
class ArchitectureTest {

    static final String ROOT = "dev.anonymousaccess.";
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.anonymousaccess");

    /**
     * Every edge allowed between the service's packages, and no other: the dependency picture of
     * docs/contributing.md.
     */
    static final Map<String, Set<String>> ALLOWED_EDGES = Map.ofEntries(
            Map.entry("function", Set.of("admin", "authorizer", "http", "lifecycle", "token", "user", "observability")),
            Map.entry("admin", Set.of("client", "user", "jwt", "http", "lambda", "token", "error", "observability")),
            Map.entry("authorizer", Set.of("user", "lambda", "config", "error", "observability")),
            Map.entry("http", Set.of("user", "client", "jwt", "authorizer", "token", "config", "error",
                    "observability")),
            Map.entry("store", Set.of("user", "client", "signup", "jwt", "lifecycle", "token", "config", "error",
                    "observability")),
            Map.entry("eventbridge", Set.of("lifecycle", "config", "error", "aws")),
            Map.entry("lifecycle", Set.of("error", "observability")),
            Map.entry("kms", Set.of("jwt", "config", "error", "aws")),
            Map.entry("aws", Set.of()),
            Map.entry("nativeimage", Set.of()),
            Map.entry("captcha", Set.of("signup", "client", "config")),
            Map.entry("config", Set.of("user", "client", "signup", "jwt", "lifecycle")),
            Map.entry("jwt", Set.of("user", "client", "token", "retry", "error", "observability")),
            Map.entry("user", Set.of("client", "signup", "token", "text", "retry", "error", "observability")),
            Map.entry("retry", Set.of("error", "observability")),
            Map.entry("signup", Set.of("client", "token", "text", "error", "observability")),
            Map.entry("client", Set.of("token", "text", "error")),
            Map.entry("lambda", Set.of("observability")),
            Map.entry("token", Set.of("text")),
            Map.entry("text", Set.of()),
            Map.entry("error", Set.of()),
            Map.entry("observability", Set.of()));

    @Test
    void everyPackageIsInTheTableOfAllowedEdges() {
        Set<String> packages = MAIN.stream().map(c -> c.getPackageName())
                .filter(name -> name.startsWith(ROOT))
                .map(name -> name.substring(ROOT.length()).split("\\.")[0]).collect(Collectors.toSet());

        assertEquals(ALLOWED_EDGES.keySet(), packages);
    }

    @Test
    void packagesDependOnlyAlongTheAllowedEdges() {
        for (var entry : ALLOWED_EDGES.entrySet()) {
            String[] allowed = Stream.concat(Stream.of(entry.getKey()), entry.getValue().stream())
                    .map(p -> ROOT + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + entry.getKey() + "..")
                    .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.anonymousaccess..")
                            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(allowed))))
                    .because("docs/contributing.md draws the package graph; an edge not in it is a change of design")
                    .check(MAIN);
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.anonymousaccess.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRulesDoNotTouchTheAwsSdk() {
        noClasses().that().resideInAnyPackage(ROOT + "user..", ROOT + "client..", ROOT + "signup..", ROOT + "token..",
                        ROOT + "error..", ROOT + "text..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(MAIN);
    }

    @Test
    void theRulesReportObservabilityFactsOnlyThroughTheRecorderTheyAreHanded() {
        noClasses().that().resideInAnyPackage(ROOT + "user..", ROOT + "client..", ROOT + "signup..", ROOT + "store..",
                        ROOT + "error..", ROOT + "token..")
                .should().dependOnClassesThat().belongToAnyOf(Invocation.class, Invocations.class)
                .check(MAIN);
    }

    @Test
    void noExceptionTypeCountsMetrics() {
        noClasses().that().areAssignableTo(Throwable.class)
                .should().dependOnClassesThat().resideInAPackage(ROOT + "observability..")
                .check(MAIN);
    }

    @Test
    void sessionsAreBuiltByNameOutsideTheirOwnFile() {
        constructors().that().areDeclaredIn(Session.class)
                .should().onlyBeCalled().byClassesThat().belongToAnyOf(Session.class)
                .check(MAIN);
    }

    /** The local API (src/local/java), a developer tool compiled to its own output. */
    static final JavaClasses LOCAL = new ClassFileImporter().importPath(Path.of("target", "local-classes"));

    @Test
    void theLocalApiIsCompiledApartFromTheService() {
        assertTrue(LOCAL.contain("dev.anonymousaccess.local.LocalDeployment"));
        assertTrue(MAIN.stream().noneMatch(c -> c.getPackageName().startsWith(ROOT + "local")),
                "no class of the local API among the service's");
    }

    @Test
    void theLocalApiNeedsNoTestFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.openqa..",
                        "io.restassured..", "com.tngtech..", "io.quarkus.test..")
                .check(LOCAL);
    }

    @Test
    void theLocalApiRunsTheServiceAsDeployedAndUsesOnlyItsTableLayout() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(ROOT + "function..", ROOT + "user..",
                        ROOT + "client..", ROOT + "signup..", ROOT + "http..", ROOT + "authorizer..", ROOT + "captcha..",
                        ROOT + "observability..", ROOT + "config..")
                .check(LOCAL);
    }
}
