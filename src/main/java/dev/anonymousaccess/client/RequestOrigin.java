package dev.anonymousaccess.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Origin} a browser sent (RFC 6454): scheme, host and port. Default ports are dropped so
 * {@code https://a.example.com:443} and {@code https://a.example.com} are the same origin.
 */
public record RequestOrigin(String scheme, String host, int port) {

    static final int MAX_LENGTH = 253 + 20;
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    static final String HOST = LABEL + "(?:\\." + LABEL + ")*";
    private static final Pattern ORIGIN = Pattern.compile("(https?)://(" + HOST + ")(?::([0-9]{1,5}))?");

    public static Optional<RequestOrigin> parse(String value) {
        if (value == null || value.length() > MAX_LENGTH || !isPrintableAscii(value)) {
            return Optional.empty();
        }
        Matcher m = ORIGIN.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        OptionalPort port = OptionalPort.of(m.group(1), m.group(3));
        return port.valid() ? Optional.of(new RequestOrigin(m.group(1), m.group(2), port.value())) : Optional.empty();
    }

    /**
     * Origins are ASCII (RFC 6454 serializes hosts as punycode). Checked before lower-casing, which would turn
     * look-alikes such as the Kelvin sign (U+212A) into ASCII letters.
     */
    static boolean isPrintableAscii(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** The canonical form, as stored: {@code scheme://host[:port]}, port only when not the scheme's default. */
    public String canonical() {
        return scheme + "://" + host + (port == OptionalPort.defaultPort(scheme) ? "" : ":" + port);
    }

    /**
     * Every allowed-origin pattern that would admit this origin: the origin itself and each subdomain wildcard
     * above its host ({@code https://*.example.com} for {@code https://a.b.example.com}). Lets a preflight find its
     * client apps by key, without a scan.
     */
    public List<String> matchingPatterns() {
        List<String> patterns = new ArrayList<>();
        patterns.add(canonical());
        String portSuffix = port == OptionalPort.defaultPort(scheme) ? "" : ":" + port;
        String rest = host;
        int dot;
        while ((dot = rest.indexOf('.')) >= 0) {
            rest = rest.substring(dot + 1);
            if (rest.indexOf('.') < 0) {
                break; // wildcards need at least two labels after "*."
            }
            patterns.add(scheme + "://*." + rest + portSuffix);
        }
        return patterns;
    }

    /** Port parsing shared with {@link AllowedOrigin}. */
    record OptionalPort(boolean valid, int value) {
        static OptionalPort of(String scheme, String digits) {
            if (digits == null) {
                return new OptionalPort(true, defaultPort(scheme));
            }
            int port = Integer.parseInt(digits);
            return new OptionalPort(port >= 1 && port <= 65535, port);
        }

        static int defaultPort(String scheme) {
            return "https".equals(scheme) ? 443 : 80;
        }
    }
}
