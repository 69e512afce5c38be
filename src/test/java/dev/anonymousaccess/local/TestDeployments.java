package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The local stack as the end-to-end tests start it: the package the build made (or {@code -Dfunction.zip}, the native
 * one), free ports, requests kept for the test rather than printed, in a work directory of the test's own.
 */
final class TestDeployments {

    private TestDeployments() {
    }

    static LocalDeployment start(String workDir) throws IOException {
        return LocalDeployment.start(LocalDeployment.Settings.standard()
                .withArtifacts(Path.of(System.getProperty("function.zip", "target/function.zip")),
                        Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric")))
                .withWorkDir(Path.of("target", workDir)).withPorts(LocalDeployment.Ports.anyFree())
                .withAccessLogKept());
    }
}
