package dev.anonymousaccess.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import dev.anonymousaccess.error.OAuthException;

@Tag("rules")
class RequestFieldsTest {

    static HttpRequest request(String contentType, String body) {
        return new HttpRequest("POST", contentType == null ? Map.of() : Map.of("Content-Type", contentType), body,
                false, "192.0.2.1");
    }

    @Test
    void formFieldsArePercentDecoded() {
        RequestFields fields = RequestFields.jsonOrForm(request("application/x-www-form-urlencoded; charset=UTF-8",
                "grant_type=refresh_token&refresh_token=R%41b+c&empty="));

        assertEquals("refresh_token", fields.requiredString("grant_type"));
        assertEquals("RAb c", fields.requiredString("refresh_token"));
        assertEquals("", fields.optionalString("empty"));
        assertNull(fields.optionalString("absent"));
    }

    @Test
    void formWithBrokenEscapesIsInvalid() {
        assertThrows(OAuthException.class,
                () -> RequestFields.jsonOrForm(request("application/x-www-form-urlencoded", "token=%zz")));
    }

    @Test
    void withoutFormContentTypeTheBodyIsJson() {
        assertEquals("x", RequestFields.jsonOrForm(request(null, "{\"token\":\"x\"}")).requiredString("token"));
        assertThrows(OAuthException.class, () -> RequestFields.jsonOrForm(request(null, "token=x")));
    }

    @Test
    void oversizedBodiesAreRefused() {
        String body = "{\"token\":\"" + "x".repeat(RequestFields.MAX_BODY_LENGTH) + "\"}";
        assertThrows(OAuthException.class, () -> RequestFields.json(request(null, body)));
    }

    @Test
    void headersAreCaseInsensitive() {
        HttpRequest request = new HttpRequest("POST", Map.of("ORIGIN", "https://a.example.com",
                "content-TYPE", "Application/JSON; charset=utf-8"), null, false, "192.0.2.1");

        assertEquals(Optional.of("https://a.example.com"), request.origin());
        assertEquals("application/json", request.mediaType());
    }

    static APIGatewayV2HTTPEvent post(String body, boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build());
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return event;
    }

    @Test
    void base64BodiesAreDecodedOnce() {
        String body = Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.of("{\"a\":1}"), HttpRequest.of(post(body, true)).body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "eyJhIjoxfQ==junk", "eyJh IjoxfQ==", "eyJh\nIjoxfQ==", "eyJhIjoxfQ===", "%%%" })
    void base64IsDecodedStrictly(String body) {
        assertThrows(OAuthException.class, () -> HttpRequest.of(post(body, true)).body());
    }

    @Test
    void anEventWithoutAnHttpMethodIsNotAnHttpRequest() {
        APIGatewayV2HTTPEvent event = post("{}", false);
        event.setRequestContext(null);

        assertThrows(OAuthException.class, () -> HttpRequest.of(event));
        assertThrows(OAuthException.class, () -> HttpRequest.of(null));
    }
}
