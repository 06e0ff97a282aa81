package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import java.io.IOException;

/**
 * Writes a {@link Diagnosis} in one output format. Renderers only present: they never judge, so
 * every format says the same thing, and every string that came from the target JVM is escaped for
 * the format it lands in.
 */
public interface Renderer {
    void render(Diagnosis diagnosis, Appendable out) throws IOException;

    /** The renderer for {@code format}. */
    static Renderer of(Format format) {
        switch (format) {
            case HTML: return new HtmlRenderer();
            case MD: return new MarkdownRenderer();
            case JSON: return new JsonRenderer();
            case TEXT: return new TextRenderer();
            default: throw new AssertionError(format);
        }
    }
}
