package dev.anonymousaccess;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.user.User;

/** The package graph the README draws: no cycles, and the rules never depend on the adapters around them. */
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
                        ROOT + "function..", ROOT + "local..")
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
                        ROOT + "captcha..", ROOT + "http..", ROOT + "authorizer..", ROOT + "function..",
                        ROOT + "local..")
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
    void onlyTheFunctionsAndLocalSetupSitOnTop() {
        noClasses().that().resideOutsideOfPackages(ROOT + "function..", ROOT + "local..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + "function..", ROOT + "local..")
                .check(MAIN);
    }
}
