package dev.anonymousaccess.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The local stack as the end-to-end tests use it: the package the build made (or {@code -Dfunction.zip}, the native
 * one), free ports, requests kept for the test rather than printed. One stack per test JVM, shared by every class
 * that takes a {@link LocalDeployment} parameter in its {@code @BeforeAll}: starting one (moto_server and a process
 * per function) costs more than most of these classes' tests together. The classes stay independent on it: each
 * works with users of its own and reads only what it did itself (access log lines after its own start, its own users'
 * events). The stack is closed when the JVM's tests are done, and closing it must leave no process of it running, as
 * Ctrl-C on {@code ./run-local.sh} must not.
 */
final class TestDeployments implements ParameterResolver {

    /** Of this JVM: the build runs test JVMs side by side. */
    static final Path WORK_DIR = Path.of("target", "local-e2e-" + ProcessHandle.current().pid());

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalDeployment.class;
    }

    @Override
    public LocalDeployment resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(TestDeployments.class))
                .computeIfAbsent(Shared.class, key -> Shared.start(), Shared.class).deployment();
    }

    /** Closed by JUnit when the root context closes, after the last test of this JVM. */
    record Shared(LocalDeployment deployment) implements AutoCloseable {

        static Shared start() {
            try {
                return new Shared(LocalDeployment.start(LocalDeployment.Settings.standard()
                        .withArtifacts(Path.of(System.getProperty("function.zip", "target/function.zip")),
                                Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric")))
                        .withWorkDir(WORK_DIR).withPorts(LocalDeployment.Ports.anyFree()).withAccessLogKept()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            deployment.close();
            List<String> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains("moto_server")
                            || c.contains("lambda-ric") || c.contains("bootstrap"))
                    .toList();
            if (!left.isEmpty()) {
                throw new IllegalStateException("processes of the local deployment still running after close(): "
                        + left);
            }
        }
    }
}
