package dev.anonymousaccess.client;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InternetDomainName;

/**
 * One entry of a client app's allowed origins: an exact origin ({@code https://app.example.com:8443}) or a subdomain
 * wildcard ({@code https://*.example.com}), which admits any subdomain at any depth but not the domain itself.
 * Scheme and port always have to match.
 */
public record AllowedOrigin(String scheme, String host, int port, boolean wildcard) {

    private static final Pattern PATTERN = Pattern
            .compile("(https?)://(\\*\\.)?(" + RequestOrigin.HOST + ")(?::([0-9]{1,5}))?");

    /** @throws IllegalArgumentException with a message that says what is wrong with {@code value} */
    public static AllowedOrigin parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an allowed origin must not be empty");
        }
        if (value.length() > RequestOrigin.MAX_LENGTH) {
            throw new IllegalArgumentException("allowed origin is too long: " + value);
        }
        if (!RequestOrigin.isPrintableAscii(value)) {
            throw new IllegalArgumentException("allowed origin '" + value
                    + "' must be ASCII (write international domain names in punycode, xn--...)");
        }
        Matcher m = PATTERN.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("allowed origin '" + value
                    + "' is not of the form scheme://host[:port] or scheme://*.domain[:port]"
                    + " (scheme http or https, no path, no trailing slash)");
        }
        boolean wildcard = m.group(2) != null;
        String host = m.group(3);
        if (wildcard && host.indexOf('.') < 0) {
            throw new IllegalArgumentException("wildcard origin '" + value
                    + "' must name a domain of at least two labels, such as https://*.example.com");
        }
        if (wildcard && isPublicSuffix(host)) {
            throw new IllegalArgumentException("wildcard origin '" + value + "' would admit every site under the"
                    + " public suffix " + host + "; name your own domain, such as https://*.app.example.com");
        }
        RequestOrigin.OptionalPort port = RequestOrigin.OptionalPort.of(m.group(1), m.group(4));
        if (!port.valid()) {
            throw new IllegalArgumentException("allowed origin '" + value + "' has a port outside 1-65535");
        }
        return new AllowedOrigin(m.group(1), host, port.value(), wildcard);
    }

    /**
     * Whether {@code host} is a public suffix (Public Suffix List, ICANN and private sections: {@code co.uk},
     * {@code github.io}) or not a domain name at all; under either, a wildcard would admit strangers' sites.
     */
    private static boolean isPublicSuffix(String host) {
        if (!InternetDomainName.isValid(host)) {
            return true;
        }
        return InternetDomainName.from(host).isPublicSuffix();
    }

    public boolean admits(RequestOrigin origin) {
        if (!scheme.equals(origin.scheme()) || port != origin.port()) {
            return false;
        }
        return wildcard ? origin.host().endsWith("." + host) : host.equals(origin.host());
    }

    /** The canonical form, as stored and as used for the preflight index. */
    public String canonical() {
        boolean defaultPort = port == RequestOrigin.OptionalPort.defaultPort(scheme);
        return scheme + "://" + (wildcard ? "*." : "") + host + (defaultPort ? "" : ":" + port);
    }
}
