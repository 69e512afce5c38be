package dev.anonymousaccess.function;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The test classes of {@code Exports.Introspect} in one JUnit launch, so that Quarkus starts once for them all.
 * The build runs the function tests only through such suites ({@code FunctionSuitesTest}). Empty under a tag
 * filter that selects none of them, such as {@code -Dtest.groups=rules}: not a failure.
 */
@Suite(failIfNoTests = false)
@SelectClasses(names = {
        "dev.anonymousaccess.function.IntrospectFunctionTest" })
public class IntrospectFunctionSuite {
}
