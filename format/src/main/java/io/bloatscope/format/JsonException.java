package io.bloatscope.format;

/** Malformed JSON; the message names what was expected and the offset. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
        super(message);
    }
}
