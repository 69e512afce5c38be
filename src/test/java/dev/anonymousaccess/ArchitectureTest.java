package dev.anonymousaccess;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.user.User;

/** The package graph docs/contributing.md draws: no cycles, and the rules never depend on the adapters around them. */
@Tag("rules")
class ArchitectureTest {

    static final String ROOT = "dev.anonymousaccess.";
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.anonymousaccess");

    @Test
    void noPackageCycles() {
        slices().matching("dev.anonymousaccess.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRulesKnowNoStoreNoHttpAndNoFunction() {
        noClasses().that()
                .resideInAnyPackage(ROOT + "user..", ROOT + "client..", ROOT + "signup..", ROOT + "token..",
                        ROOT + "error..", ROOT + "config..")
                .should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + "store..", ROOT + "captcha..", ROOT + "http..", ROOT + "authorizer..",
                        ROOT + "function..")
                .check(MAIN);
    }

    @Test
    void theRulesDoNotTouchTheAwsSdk() {
        noClasses().that().resideInAnyPackage(ROOT + "user..", ROOT + "client..", ROOT + "signup..", ROOT + "token..",
                        ROOT + "error..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(MAIN);
    }

    @Test
    void observabilityIsTheBottomLayer() {
        noClasses().that().resideInAPackage(ROOT + "observability..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + "user..", ROOT + "client..",
                        ROOT + "signup..", ROOT + "token..", ROOT + "error..", ROOT + "config..", ROOT + "store..",
                        ROOT + "captcha..", ROOT + "http..", ROOT + "authorizer..", ROOT + "function..")
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
    void usersAreBuiltByNameOutsideTheirOwnFile() {
        constructors().that().areDeclaredIn(User.class)
                .should().onlyBeCalled().byClassesThat().belongToAnyOf(User.class)
                .check(MAIN);
    }

    @Test
    void onlyTheFunctionsSitOnTop() {
        noClasses().that().resideOutsideOfPackage(ROOT + "function..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + "function..")
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
