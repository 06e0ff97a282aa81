package io.bloatscope.report.render;

import java.nio.file.Path;
import java.util.Locale;

/** The report formats, by the name the user gives after {@code --format} and by file extension. */
public enum Format {
    HTML("html", ".html", ".htm"),
    TEXT("text", ".txt", ".text", ".log"),
    MD("md", ".md", ".markdown"),
    JSON("json", ".json");

    public final String name;
    private final String[] extensions;

    Format(String name, String... extensions) {
        this.name = name;
        this.extensions = extensions;
    }

    /** The format called {@code name} ({@code html}, {@code text}, {@code md}, {@code json}), or null. */
    public static Format named(String name) {
        for (Format format : values()) {
            if (format.name.equals(name.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        return null;
    }

    /** The format a file's extension asks for, or null when the extension is none of ours. */
    public static Format ofFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Format format : values()) {
            for (String extension : format.extensions) {
                if (name.endsWith(extension)) {
                    return format;
                }
            }
        }
        return null;
    }

    public static String names() {
        return "html, text, md, json";
    }
}
