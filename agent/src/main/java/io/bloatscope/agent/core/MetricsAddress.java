package io.bloatscope.agent.core;

import java.util.Locale;

/**
 * Where the agent serves {@code /metrics}: option {@code metrics=[host:]port}. The host defaults to
 * {@code 127.0.0.1}, so nothing is reachable from another machine unless the user writes a wider
 * address such as {@code 0.0.0.0}; port 0 lets the system pick a free one, which the agent logs.
 * Only the syntax is checked here: a host name is resolved when the endpoint starts, on the sampling
 * thread, never in premain, and a failure there turns the endpoint off with one log line.
 */
public final class MetricsAddress {
    static final String DEFAULT_HOST = "127.0.0.1";

    public final String host;
    public final int port;

    private MetricsAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Null for {@code off} or an absent value. */
    static MetricsAddress parse(String text) throws OptionError {
        if (text == null || text.equalsIgnoreCase("off")) {
            return null;
        }
        String value = text.trim();
        String host = DEFAULT_HOST;
        String port = value;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // [::1]:9400
            }
            if (!validHost(host)) {
                throw bad(text);
            }
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw bad(text);
        }
        return new MetricsAddress(host.toLowerCase(Locale.ROOT), Integer.parseInt(port));
    }

    private static boolean validHost(String host) {
        return !host.isEmpty() && host.length() <= 253 && host.matches("[A-Za-z0-9.:%_-]+");
    }

    private static OptionError bad(String text) {
        return new OptionError("bad value '" + text + "' for option 'metrics' (accepted: off, a port such as 9400 "
                + "(served on " + DEFAULT_HOST + "), or host:port such as 0.0.0.0:9400 or [::1]:9400; port 0 picks a "
                + "free one and logs it)");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
