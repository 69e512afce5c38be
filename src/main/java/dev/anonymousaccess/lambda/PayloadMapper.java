package dev.anonymousaccess.lambda;

import java.io.IOException;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;

import io.quarkus.arc.Unremovable;

/**
 * The mapper the Lambda runtime reads invocation payloads with (it copies the application's {@link ObjectMapper} bean
 * when there is one). Payloads carry tokens, and the runtime logs a payload that fails to deserialize together with
 * Jackson's message: here those messages never quote the payload.
 */
public class PayloadMapper {

    @Produces
    @Singleton
    @Unremovable
    ObjectMapper payloadMapper() {
        JsonFactory factory = JsonFactory.builder().errorReportConfiguration(ErrorReportConfiguration.builder()
                .maxErrorTokenLength(0).maxRawContentLength(0).build()).build();
        return new ObjectMapper(factory).addHandler(new QuietProblems());
    }

    /** Replaces every "cannot read this value" message, which would quote the value, by one that does not. */
    static final class QuietProblems extends DeserializationProblemHandler {

        @Override
        public Object handleMissingInstantiator(DeserializationContext context, Class<?> type,
                ValueInstantiator instantiator, JsonParser parser, String message) throws IOException {
            return context.reportInputMismatch(type, "the payload does not have the expected shape");
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext context, JavaType type, JsonToken token,
                JsonParser parser, String message) throws IOException {
            return context.reportInputMismatch(type, "the payload does not have the expected shape");
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext context, Class<?> type, String value,
                String message) throws IOException {
            return context.reportInputMismatch(type, "the payload holds a value of the wrong type");
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext context, Class<?> type, Number value,
                String message) throws IOException {
            return context.reportInputMismatch(type, "the payload holds a value of the wrong type");
        }
    }
}
