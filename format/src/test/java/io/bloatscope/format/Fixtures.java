package io.bloatscope.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the output captured from real JDKs under src/test/resources/fixtures (see the README there). */
public final class Fixtures {
    private Fixtures() {
    }

    public static String text(String relative) {
        try {
            return Files.readString(Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI()),
                    StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no fixture " + relative, e);
        }
    }
}
