package dev.anonymousaccess.signup;

import java.util.List;

import dev.anonymousaccess.client.CaptchaPolicy;

/** A provider's server-side token check ({@code siteverify}). */
public interface SiteVerify {

    /**
     * @param remoteIp the sign-up's source address, which the providers take as a hint
     * @throws CaptchaUnavailableException when the provider does not answer in time or answers nothing usable
     */
    Verdict verify(CaptchaPolicy.Provider provider, String secret, String token, String remoteIp);

    /** What the provider said: whether the token is good, the site it was solved on, and why not. */
    record Verdict(boolean success, String hostname, List<String> errorCodes) {
    }
}
