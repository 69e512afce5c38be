package dev.anonymousaccess.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The deployment package, {@code target/function.zip}, unpacked as Lambda unpacks it into its task root. */
public final class FunctionZip {

    private FunctionZip() {
    }

    /** Unpacks a Lambda deployment package into {@code target}, replacing what was there. */
    public static void unzip(Path zip, Path target) throws IOException {
        if (Files.exists(target)) {
            try (var files = Files.walk(target)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out);
                }
            }
        }
    }
}
