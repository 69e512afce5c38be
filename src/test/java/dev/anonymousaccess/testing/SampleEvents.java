package dev.anonymousaccess.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample events of {@code events/} (for {@code sam local invoke}). Tests run every one through its function, so
 * the samples cannot rot. Samples carry well-formed but unknown tokens; tests may swap in real ones.
 */
public final class SampleEvents {

    public static final String SAMPLE_ACCESS_TOKEN = "A0f3c8a2e9b7d4410a8c6e2f1b3d5a7c9Zq8XvR3nT6yW1pL4kM7bN2cF5hJ9dG0sA3eQ6uI8oYt";
    public static final String SAMPLE_REFRESH_TOKEN = "R0f3c8a2e9b7d4410a8c6e2f1b3d5a7c9Hk2Lm5Np8Qr1St4Uv7Wx0Yz3Ab6Cd9Ef2Gh5Ij8Kl1M";
    public static final String SAMPLE_USER_ID = "0f3c8a2e-9b7d-4410-a8c6-e2f1b3d5a7c9";
    /** The claim sample's {@code Authorization}: demo-app with the secret {@code aas_sample-backend-secret}. */
    public static final String SAMPLE_BACKEND_CREDENTIALS = "Basic ZGVtby1hcHA6YWFzX3NhbXBsZS1iYWNrZW5kLXNlY3JldA==";

    private SampleEvents() {
    }

    public static String read(String name) {
        try {
            return Files.readString(Path.of("events", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample with its placeholder tokens and user id replaced by real ones. */
    public static String read(String name, String accessToken, String refreshToken, String userId) {
        return read(name).replace(SAMPLE_ACCESS_TOKEN, accessToken).replace(SAMPLE_REFRESH_TOKEN, refreshToken)
                .replace(SAMPLE_USER_ID, userId);
    }
}
