/**
 * Allocation-free reading of the line-oriented text that Linux and HotSpot print.
 *
 * <p>{@link io.bloatscope.agent.text.LineCursor} is the one tool here: parsers in
 * {@code io.bloatscope.agent.os} and {@code io.bloatscope.agent.jvm} reset it on a file's or a
 * command's text and pull numbers out line by line. {@link io.bloatscope.agent.text.AsciiText}
 * lets a reused byte buffer be read as that text without decoding it into a new String.
 */
package io.bloatscope.agent.text;
