package dev.anonymousaccess.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.anonymousaccess.user.AccessDecision;

/** The body of an introspection as a backend reads it (RFC 7662 §2.2). */
@Tag("rules")
class IntrospectionResponseTest {

    static final AccessDecision.Granted GRANTED = new AccessDecision.Granted("6f1c0000-0000-4000-8000-000000000001",
            "my-app", List.of(), null, Instant.ofEpochSecond(1_796_000_000, 999_000_000));

    static String json(IntrospectionResponse response) throws JsonProcessingException {
        return JsonMapper.INSTANCE.writeValueAsString(response);
    }

    @Test
    void anInactiveTokenIsActiveFalseAndNothingElse() throws JsonProcessingException {
        assertEquals("{\"active\":false}", json(IntrospectionResponse.INACTIVE));
    }

    @Test
    void withoutAnIssuerTheAnswerNamesNoneAndAnAnonymousUserNoSubject() throws JsonProcessingException {
        assertEquals("{\"active\":true,\"token_type\":\"Bearer\",\"client_id\":\"my-app\","
                + "\"sub\":\"6f1c0000-0000-4000-8000-000000000001\",\"exp\":1796000000}",
                json(IntrospectionResponse.active(GRANTED, Optional.empty())));
    }

    @Test
    void expIsInWholeSecondsRoundedDownSoNoTokenOutlivesIt() {
        assertEquals(1_796_000_000L, IntrospectionResponse.active(GRANTED, Optional.of("https://i")).exp());
    }
}
