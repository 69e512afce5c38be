package dev.anonymousaccess.signup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;

/** Source addresses and the fixed-window sign-up limit, on in-memory counters. */
@Tag("rules")
class SignupRulesTest {

    final Domain domain = new Domain();
    ClientApp three;

    @BeforeEach
    void clientWithALimitOfThree() {
        three = domain.clients.put(ClientDefinition.builder().clientId("three").name("Three")
                .allowedOrigins(List.of()).enabled(true).signupsPerIp(3).build());
    }

    void signUp(String signupId) {
        domain.signupLimit.admit(three, SourceAddress.of("192.0.2.1"), signupId, InvocationRecorder.NONE);
    }

    @ParameterizedTest
    @CsvSource({ "192.0.2.1, 192.0.2.1", "::ffff:192.0.2.1, 192.0.2.1", "2001:db8:a:b:1:2:3:4, 2001:0db8:000a:000b::/64",
            "2001:db8:a:b::, 2001:0db8:000a:000b::/64", "2002:c000:0201::1, 192.0.2.1" })
    void addressesAreCountedByHostOrSlash64(String sourceIp, String key) {
        assertEquals(key, SourceAddress.of(sourceIp).key());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "localhost", "example.com", "192.0.2.1, 10.0.0.1", "1.2.3", "::ffff::1" })
    void anythingButAnIpLiteralIsOneSharedUnknownSource(String sourceIp) {
        assertEquals(SourceAddress.UNKNOWN, SourceAddress.of(sourceIp));
        assertEquals(SourceAddress.UNKNOWN, SourceAddress.of(null));
    }

    @Test
    void theLimitRefusesTheNextSignupWithTheTimeToTheWindowsEnd() {
        domain.clock.advance(Duration.ofMinutes(45));
        signUp("a");
        signUp("b");
        signUp("c");

        OAuthException refused = assertThrows(OAuthException.class, () -> signUp("d"));

        assertEquals(OAuthError.SIGNUP_RATE_LIMITED, refused.error());
        assertEquals(Optional.of(Duration.ofMinutes(15)), refused.retryAfter());
    }

    @Test
    void aRetriedSignupIsCountedOnce() {
        signUp("a");
        signUp("a");
        signUp("b");

        signUp("c");
        assertThrows(OAuthException.class, () -> signUp("d"));
    }

    @Test
    void theNextWindowStartsFromNothing() {
        signUp("a");
        signUp("b");
        signUp("c");
        domain.clock.advance(Duration.ofHours(1));

        signUp("d");
    }

    @Test
    void aLimitOfZeroCountsNothing() {
        ClientApp open = domain.clients.put(ClientDefinition.builder().clientId("open").name("Open")
                .allowedOrigins(List.of()).enabled(true).signupsPerIp(0).build());
        for (int i = 0; i < 100; i++) {
            domain.signupLimit.admit(open, SourceAddress.of("192.0.2.1"), "s" + i, InvocationRecorder.NONE);
        }
    }

    @Test
    void limitsOutsideZeroToAThousandAreRefused() {
        for (int limit : new int[] { -1, 1001 }) {
            assertThrows(OAuthException.class,
                    () -> domain.clients.put(ClientDefinition.builder().clientId("x").name("X")
                            .allowedOrigins(List.of()).enabled(true).signupsPerIp(limit).build()));
        }
    }

    @Test
    void theDefaultLimitIsThirty() {
        assertEquals(30, domain.clients.put(ClientDefinition.builder().clientId("d").name("D")
                .allowedOrigins(List.of()).enabled(true).build()).settings().signupsPerIp());
    }
}
