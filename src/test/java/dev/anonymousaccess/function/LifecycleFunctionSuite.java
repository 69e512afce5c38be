package dev.anonymousaccess.function;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The test classes of {@code Exports.Lifecycle}, run in one JUnit launch so that Quarkus starts once for all of them
 * (the build runs the function tests through these suites only: {@code FunctionSuitesTest}). None under a tag
 * filter that leaves none of them, as {@code -Dtest.groups=rules} does.
 */
@Suite(failIfNoTests = false)
@SelectClasses(names = {
        "dev.anonymousaccess.function.LifecycleFunctionTest" })
public class LifecycleFunctionSuite {
}
