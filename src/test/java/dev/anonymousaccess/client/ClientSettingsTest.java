package dev.anonymousaccess.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;

/** A client app's settings: read from an operator's JSON, validated, defaulted, stored and shown in one form. */
@Tag("rules")
class ClientSettingsTest {

    static final ClientSettings DEFAULTS = ClientSettings.defaults(Duration.ofDays(30), Duration.ofHours(24),
            Duration.ofSeconds(10), "anonymous-access");

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String refusal(String text) {
        OAuthException refused = assertThrows(OAuthException.class, () -> ClientSettingsJson.read(json(text)));
        assertEquals(OAuthError.INVALID_REQUEST, refused.error());
        return refused.getMessage();
    }

    @Test
    void theTokenPolicyIsReadAsIsoDurations() {
        ClientSettings settings = ClientSettingsJson.read(json("""
                {"inactivityPeriod": "P90D", "accessTokenLifetime": "PT15M", "refreshRetryWindow": "PT30S"}"""));

        assertEquals(Duration.ofDays(90), settings.inactivityPeriod());
        assertEquals(Duration.ofMinutes(15), settings.accessTokenLifetime());
        assertEquals(Duration.ofSeconds(30), settings.refreshRetryWindow());
    }

    @Test
    void aNumberIsReadAsSeconds() {
        assertEquals(Duration.ofMinutes(15),
                ClientSettingsJson.read(json("{\"accessTokenLifetime\": 900}")).accessTokenLifetime());
    }

    @Test
    void whatIsNotSetFollowsTheDeploymentsDefaults() {
        ClientSettings set = ClientSettingsJson.read(json("{\"accessTokenLifetime\": \"PT15M\"}"));

        ClientSettings effective = set.orDefaults(DEFAULTS);

        assertEquals(Duration.ofMinutes(15), effective.accessTokenLifetime());
        assertEquals(Duration.ofDays(30), effective.inactivityPeriod());
        assertEquals(Duration.ofSeconds(10), effective.refreshRetryWindow());
        assertEquals(30, effective.signupsPerIp());
        assertEquals(List.of(), effective.allowedOrigins());
        assertEquals(DEFAULTS, ClientSettings.NONE.orDefaults(DEFAULTS), "an app that sets nothing is the deployment");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"inactivityPeriod\": \"PT23H\"}|inactivityPeriod must be P1D to P365D",
            "{\"inactivityPeriod\": \"P366D\"}|inactivityPeriod must be P1D to P365D",
            "{\"accessTokenLifetime\": \"PT4M59S\"}|accessTokenLifetime must be PT5M to PT24H",
            "{\"accessTokenLifetime\": \"PT24H1S\"}|accessTokenLifetime must be PT5M to PT24H",
            "{\"accessTokenLifetime\": \"PT10M0.5S\"}|accessTokenLifetime must be PT5M to PT24H in whole seconds",
            "{\"refreshRetryWindow\": \"PT61S\"}|refreshRetryWindow must be PT0S to PT60S",
            "{\"refreshRetryWindow\": \"-PT1S\"}|refreshRetryWindow must be PT0S to PT60S",
            "{\"signupsPerIp\": 1001}|signupsPerIp must be 0 (no limit) to 1000",
            "{\"inactivityPeriod\": \"thirty days\"}|inactivityPeriod must be an ISO-8601 duration",
            "{\"inactivityPeriod\": true}|inactivityPeriod must be an ISO-8601 duration",
            "{\"signupsPerIp\": \"many\"}|signupsPerIp must be a whole number",
            "{\"allowedOrigins\": \"https://a.example.com\"}|allowedOrigins must be an array of strings",
            "{\"captcha\": {\"provider\": \"other\", \"secretParameter\": \"/p\"}}|captcha.provider must be one of turnstile, hcaptcha, recaptcha",
            "{\"deprecation\": {\"deprecatedAt\": \"soon\"}}|deprecation.deprecatedAt must be an ISO-8601 instant",
            "{\"inactivityPeriods\": \"P30D\"}|unknown field 'inactivityPeriods'",
            "{\"deprecation\": {\"deprecatedAt\": \"2026-02-01T00:00:00Z\", \"sunset\": \"x\"}}|unknown field 'deprecation.sunset'" })
    void aSettingOutOfItsRangeOrOfTheWrongShapeIsRefusedSayingWhatItMustBe(String settings, String message) {
        assertTrue(refusal(settings).startsWith(message), refusal(settings));
    }

    @Test
    void storedSettingsReadBackAsWrittenAndShowAsTheyAreTaken() {
        ClientSettings settings = ClientSettingsJson.read(json("""
                {"allowedOrigins": ["https://a.example.com"], "signupsPerIp": 5,
                 "captcha": {"provider": "TURNSTILE", "secretParameter": "/captcha/app"},
                 "deprecation": {"deprecatedAt": "2026-02-01T00:00:00Z", "link": "https://example.com/a"},
                 "inactivityPeriod": "P90D", "accessTokenLifetime": "PT15M", "refreshRetryWindow": 0}"""));

        assertEquals(settings, ClientSettingsJson.readStored(ClientSettingsJson.write(settings)));
        JsonNode shown = ClientSettingsJson.toJson(settings);
        assertEquals("P90D", shown.get("inactivityPeriod").asText());
        assertEquals("PT15M", shown.get("accessTokenLifetime").asText());
        assertEquals("PT0S", shown.get("refreshRetryWindow").asText());
        assertEquals("turnstile", shown.at("/captcha/provider").asText());
        assertEquals("2026-02-01T00:00:00Z", shown.at("/deprecation/deprecatedAt").asText());
        assertEquals(settings, ClientSettingsJson.read(shown), "what getClient shows, putClient takes");
    }

    @Test
    void nothingSetIsStoredAsNothing() {
        assertEquals("{}", ClientSettingsJson.write(ClientSettings.NONE));
    }
}
