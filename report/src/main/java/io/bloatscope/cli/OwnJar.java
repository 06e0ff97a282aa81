package io.bloatscope.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bloatscope.jar this CLI runs from: what {@code attach} loads and {@code demo} passes to -javaagent. */
final class OwnJar {
    private OwnJar() {
    }

    static Path path(String command) throws UsageError {
        try {
            Path location = Path.of(OwnJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // Fall through to the message below.
        }
        throw new UsageError(command + " must be run from bloatscope.jar (java -jar bloatscope.jar " + command + " ...)");
    }
}
