package io.bloatscope.report.render;

/**
 * Escapes text for HTML element content and quoted attribute values, inline SVG included. Every
 * string that reaches the page goes through here: the target JVM names its own classes, threads,
 * pools and command line, and a report must not run what they contain.
 */
final class HtmlText {
    private HtmlText() {
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder escaped = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement;
            switch (c) {
                case '&': replacement = "&amp;"; break;
                case '<': replacement = "&lt;"; break;
                case '>': replacement = "&gt;"; break;
                case '"': replacement = "&quot;"; break;
                case '\'': replacement = "&#39;"; break;
                default:
                    // Control characters are not allowed in HTML text; show that one was there.
                    replacement = c < 0x20 && c != '\n' && c != '\t' ? "\uFFFD" : null;
            }
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? s : escaped.toString();
    }
}
