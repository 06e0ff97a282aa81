package io.bloatscope.agent.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * {@code [bloatscope] LEVEL message}, one line per event. Written out rather than a
 * {@code PatternLayout}: a pattern's parser and converters are some hundred classes loaded into
 * the target for one fixed format. The agent logs failures as their {@code toString()}, never a
 * stack trace, so there is nothing else to lay out.
 */
final class OneLineLayout extends LayoutBase<ILoggingEvent> {
    private static final String PREFIX = "[bloatscope] ";

    @Override
    public String doLayout(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        String level = event.getLevel().toString();
        return new StringBuilder(PREFIX.length() + level.length() + message.length() + 2)
                .append(PREFIX).append(level).append(' ').append(message).append('\n').toString();
    }
}
