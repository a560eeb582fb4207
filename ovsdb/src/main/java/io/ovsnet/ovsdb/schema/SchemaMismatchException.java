package io.ovsnet.ovsdb.schema;

import io.ovsnet.ovsdb.OvsdbException;
import java.util.List;

/**
 * The server's schema lacks tables or columns that typed code relies on, or gives them other types.
 * Not retryable: the server must be upgraded (or the code changed).
 */
public class SchemaMismatchException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public static final String ERROR = "schema mismatch";

    private final List<String> problems;

    public SchemaMismatchException(List<String> problems) {
        super(ERROR, String.join("; ", problems), false);
        this.problems = List.copyOf(problems);
    }

    /** One line per difference. */
    public List<String> problems() {
        return problems;
    }
}
