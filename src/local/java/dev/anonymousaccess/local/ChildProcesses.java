package dev.anonymousaccess.local;

/** Ends a process the tests started, with everything it started, and waits for it. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    public static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
