package dev.anonymousaccess.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.signup.CaptchaSecrets;
import dev.anonymousaccess.signup.CaptchaUnavailableException;
import dev.anonymousaccess.signup.SiteVerify;

/**
 * The bot check's outside world for the fast tests: parameters in a map, and a provider that accepts
 * {@code good:<hostname>} tokens signed with the right secret, refuses any other, and can be made unreachable.
 */
public final class InMemoryCaptcha implements CaptchaSecrets, SiteVerify {

    private final Map<String, String> parameters = new HashMap<>();
    private boolean reachable = true;

    public void putParameter(String name, String value) {
        parameters.put(name, value);
    }

    public void reachable(boolean reachable) {
        this.reachable = reachable;
    }

    @Override
    public String secret(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new CaptchaUnavailableException("no parameter " + name);
        }
        return value;
    }

    @Override
    public Verdict verify(CaptchaPolicy.Provider provider, String secret, String token, String remoteIp) {
        if (!reachable) {
            throw new CaptchaUnavailableException(provider + " unreachable");
        }
        if (token.startsWith("good:") && "the-secret".equals(secret)) {
            return new Verdict(true, token.substring(5), List.of());
        }
        return new Verdict(false, null, List.of("invalid-input-response"));
    }
}
