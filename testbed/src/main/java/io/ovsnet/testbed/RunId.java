package io.ovsnet.testbed;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Six hex digits that make every name of one testbed run unique: namespaces are
 * {@code ovt-RUNID-...}, directories {@code /run/ovsnet-it/RUNID}. Short, because interface
 * names are limited to 15 characters (IFNAMSIZ).
 *
 * @param value the six hex digits
 */
public record RunId(String value) {
    /** Where every run keeps its directories. */
    public static final Path BASE = Path.of("/run/ovsnet-it");

    public RunId {
        if (!value.matches("[0-9a-f]{6}")) {
            throw new IllegalArgumentException("run id must be six hex digits: " + value);
        }
    }

    /** A fresh random run id. */
    public static RunId random() {
        byte[] bytes = new byte[3];
        new SecureRandom().nextBytes(bytes);
        return new RunId(HexFormat.of().formatHex(bytes));
    }

    /** The name of this run's namespace with the given suffix, e.g. {@code ovt-1a2b3c-h1}. */
    public String namespace(String suffix) {
        return "ovt-" + value + "-" + suffix;
    }

    /** This run's directory under {@link #BASE}. */
    public Path directory() {
        return BASE.resolve(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
