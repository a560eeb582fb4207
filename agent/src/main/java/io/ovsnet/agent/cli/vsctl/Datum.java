package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A column value: sorted keys and, for maps, the values that go with them (lib/ovsdb-data.c
 * {@code struct ovsdb_datum}). Immutable.
 *
 * @param keys the set elements or map keys, in OVSDB order
 * @param values the map values in the order of their keys, or null for a set
 */
record Datum(List<Object> keys, List<Object> values) {

    Datum {
        keys = List.copyOf(keys);
        values = values == null ? null : List.copyOf(values);
    }

    static Datum ofAtom(Object atom) {
        return new Datum(List.of(atom), null);
    }

    int size() {
        return keys.size();
    }

    /** Reads a datum of {@code type} from OVSDB JSON: an atom, {@code ["set", ...]} or {@code ["map", ...]}. */
    static Datum fromJson(JsonNode json, ColumnType type) {
        List<Object> keys = new ArrayList<>();
        List<Object> values = type.isMap() ? new ArrayList<>() : null;
        if (type.isMap()) {
            for (JsonNode pair : json.get(1)) {
                keys.add(type.key().fromJson(pair.get(0)));
                values.add(type.value().fromJson(pair.get(1)));
            }
        } else if (json.isArray() && json.size() == 2 && "set".equals(json.get(0).asText())) {
            for (JsonNode atom : json.get(1)) {
                keys.add(type.key().fromJson(atom));
            }
        } else {
            keys.add(type.key().fromJson(json));
        }
        return sorted(keys, values, type);
    }

    /** Puts keys (and their values) in OVSDB order. */
    static Datum sorted(List<Object> keys, List<Object> values, ColumnType type) {
        if (inOrder(keys, type.key())) {
            // The server keeps sets and maps sorted: then there is nothing to reorder.
            return new Datum(keys, values);
        }
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byKey = (a, b) -> type.key().compare(keys.get(a), keys.get(b));
        java.util.Arrays.sort(order, byKey);
        List<Object> k = new ArrayList<>(order.length);
        List<Object> v = values == null ? null : new ArrayList<>(order.length);
        for (int i : order) {
            k.add(keys.get(i));
            if (v != null) {
                v.add(values.get(i));
            }
        }
        return new Datum(k, v);
    }

    private static boolean inOrder(List<Object> keys, AtomKind kind) {
        for (int i = 1; i < keys.size(); i++) {
            if (kind.compare(keys.get(i - 1), keys.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Index of {@code key} among the keys, or -1. */
    int find(Object key, AtomKind kind) {
        for (int i = 0; i < keys.size(); i++) {
            if (kind.compare(keys.get(i), key) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** ovsdb_datum_to_string(): {@code [a, b]}, {@code {k=v}}, or a lone atom for a scalar column. */
    void appendText(ColumnType type, StringBuilder out) {
        boolean brackets = type.max() > 1 || keys.isEmpty();
        if (brackets) {
            out.append(type.isMap() ? '{' : '[');
        }
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            type.key().appendText(keys.get(i), out);
            if (type.isMap()) {
                out.append('=');
                type.value().appendText(values.get(i), out);
            }
        }
        if (brackets) {
            out.append(type.isMap() ? '}' : ']');
        }
    }

    /** ovsdb_datum_to_bare(): elements separated by spaces, strings unquoted. */
    void appendBare(ColumnType type, StringBuilder out) {
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            type.key().appendBare(keys.get(i), out);
            if (type.isMap()) {
                out.append('=');
                type.value().appendBare(values.get(i), out);
            }
        }
    }

    /** ovsdb_datum_to_json(): an atom, {@code ["set", [...]]} or {@code ["map", [[k, v], ...]]}. */
    JsonNode toJsonNode(ColumnType type) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (!type.isMap() && keys.size() == 1) {
            return type.key().toJsonNode(keys.get(0));
        }
        ArrayNode wrapper = f.arrayNode().add(type.isMap() ? "map" : "set");
        ArrayNode elements = wrapper.addArray();
        for (int i = 0; i < keys.size(); i++) {
            if (type.isMap()) {
                elements.addArray().add(type.key().toJsonNode(keys.get(i))).add(type.value().toJsonNode(values.get(i)));
            } else {
                elements.add(type.key().toJsonNode(keys.get(i)));
            }
        }
        return wrapper;
    }

    /** ovsdb_datum_is_default(): as many elements as the minimum, each the default atom. */
    boolean isDefault(ColumnType type) {
        if (keys.size() != type.min()) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!type.key().isDefault(keys.get(i))
                    || (type.isMap() && !type.value().isDefault(values.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** ovsdb_datum_compare_3way(). */
    int compare(Datum other, ColumnType type) {
        if (size() != other.size()) {
            return size() < other.size() ? -1 : 1;
        }
        for (int i = 0; i < size(); i++) {
            int c = type.key().compare(keys.get(i), other.keys.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (type.isMap()) {
            for (int i = 0; i < size(); i++) {
                int c = type.value().compare(values.get(i), other.values.get(i));
                if (c != 0) {
                    return c;
                }
            }
        }
        return 0;
    }

    /** ovsdb_datum_includes_all(): every element of this datum is in {@code other}. */
    boolean includedIn(Datum other, ColumnType type) {
        for (int i = 0; i < size(); i++) {
            int j = other.find(keys.get(i), type.key());
            if (j < 0 || (type.isMap() && type.value().compare(values.get(i), other.values.get(j)) != 0)) {
                return false;
            }
        }
        return true;
    }

    /** ovsdb_datum_excludes_all(): no element of this datum is in {@code other}. */
    boolean disjointFrom(Datum other, ColumnType type) {
        for (int i = 0; i < size(); i++) {
            int j = other.find(keys.get(i), type.key());
            if (j >= 0 && (!type.isMap() || type.value().compare(values.get(i), other.values.get(j)) == 0)) {
                return false;
            }
        }
        return true;
    }
}
