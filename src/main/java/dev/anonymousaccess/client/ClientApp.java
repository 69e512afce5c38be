package dev.anonymousaccess.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered client app: the public id that browsers and mobile apps send, and the origins browsers may call
 * from. {@code signupsPerIp} limits new users per source address and window (0: no limit); {@code captcha}, when
 * present, requires a bot check on {@code create}. {@code version} guards concurrent replacement.
 */
public record ClientApp(String clientId, String name, List<String> allowedOrigins, boolean enabled,
        int signupsPerIp, CaptchaPolicy captcha, Instant createdAt, Instant updatedAt, long version,
        Deprecation deprecation) {

    /** New users per source address and sign-up window, unless a client app says otherwise (Supabase's figure). */
    public static final int DEFAULT_SIGNUPS_PER_IP = 30;

    public ClientApp {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** A client app whose anonymous access is not deprecated. */
    public ClientApp(String clientId, String name, List<String> allowedOrigins, boolean enabled, int signupsPerIp,
            CaptchaPolicy captcha, Instant createdAt, Instant updatedAt, long version) {
        this(clientId, name, allowedOrigins, enabled, signupsPerIp, captcha, createdAt, updatedAt, version, null);
    }

    /** This client app, disabled at {@code now}, one version on. */
    public ClientApp disabled(Instant now) {
        return new ClientApp(clientId, name, allowedOrigins, false, signupsPerIp, captcha, createdAt, now,
                version + 1, deprecation);
    }

    /** The headers that announce this app's deprecation at {@code now}; none when it is not deprecated (yet). */
    public Map<String, String> deprecationHeadersAt(Instant now) {
        return deprecation == null ? Map.of() : deprecation.headersAt(now);
    }
}
