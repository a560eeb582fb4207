package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.regex.Pattern;

/**
 * A reference, inside one transaction, to a row inserted by an earlier operation of the same
 * transaction under that {@code uuid-name} (RFC 7047 section 5.1, {@code <named-uuid>}): written
 * {@code ["named-uuid","name"]}. The name is an {@code <id>}: a letter or underscore, then letters,
 * digits or underscores.
 */
public record NamedUuid(String name) {
    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public NamedUuid {
        if (name == null || !ID.matcher(name).matches()) {
            throw new IllegalArgumentException("a uuid-name must match [A-Za-z_][A-Za-z0-9_]*: " + name);
        }
    }

    /** {@code ["named-uuid","name"]}. */
    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(2);
        array.add("named-uuid");
        array.add(name);
        return array;
    }

    @Override
    public String toString() {
        return name;
    }
}
