package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The local stack as the end-to-end tests use it: the package the build made (or {@code -Dfunction.zip}, the native
 * one), free ports, requests kept for the test rather than printed. One stack per test JVM, shared by every class
 * that takes a {@link LocalDeployment} parameter in its {@code @BeforeAll}: starting one (moto_server and a process
 * per function) costs more than most of these classes' tests together. The classes stay independent on it: each
 * works with users and subjects of its own and reads only what it caused (access log lines after its own start, its
 * own users' events).
 *
 * <p>The stack lives until the JVM's test session ends ({@link SessionEnd}: the build runs each class of a fork in a
 * launch of its own, so nothing shorter-lived spans them), and closing it must leave no process of it running, as
 * Ctrl-C on {@code ./run-local.sh} must not: the session, and with it the build, fails otherwise.
 */
public final class TestDeployments implements ParameterResolver {

    /** Of this JVM: the build runs test JVMs side by side, each given a directory named by its fork's number. */
    static final Path WORK_DIR = Path.of(System.getProperty("local.e2e.work-dir", "target/local-e2e"));

    private static LocalDeployment shared;
    private static RuntimeException failedToStart;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalDeployment.class;
    }

    @Override
    public LocalDeployment resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared();
    }

    /** This JVM's stack, started by the first class that asks; a start that failed fails every later class at once. */
    static synchronized LocalDeployment shared() {
        if (failedToStart != null) {
            throw failedToStart;
        }
        if (shared == null) {
            try {
                shared = LocalDeployment.start(LocalDeployment.Settings.standard()
                        .withArtifacts(Path.of(System.getProperty("function.zip", "target/function.zip")),
                                Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric")))
                        .withWorkDir(WORK_DIR).withPorts(LocalDeployment.Ports.anyFree()).withAccessLogKept());
            } catch (IOException | RuntimeException e) {
                failedToStart = new IllegalStateException("the local deployment did not start", e);
                throw failedToStart;
            }
        }
        return shared;
    }

    static synchronized void closeShared() {
        if (shared == null) {
            return;
        }
        shared.close();
        shared = null;
        List<String> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains("moto_server")
                        || c.contains("lambda-ric") || c.contains("bootstrap"))
                .toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes of the local deployment still running after close(): " + left);
        }
    }

    /** Closes this JVM's stack when its test session ends (registered in {@code META-INF/services}). */
    public static final class SessionEnd implements LauncherSessionListener {

        @Override
        public void launcherSessionClosed(LauncherSession session) {
            closeShared();
        }
    }
}
