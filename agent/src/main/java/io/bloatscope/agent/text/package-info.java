/**
 * Reading the bytes of {@code /proc} files as text without decoding them.
 *
 * <p>{@link io.bloatscope.agent.text.AsciiText} lets a reused byte buffer be read as text without
 * decoding it into a new String; parsers in {@code io.bloatscope.agent.os} and
 * {@code io.bloatscope.agent.jvm} then walk it with {@link io.bloatscope.format.text.LineCursor}
 * (in the format module, because the NMT summary parser that {@code @LeakTest} shares reads with it).
 */
package io.bloatscope.agent.text;
