package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An OVSDB set (RFC 7047 section 5.1, {@code <set>}): immutable, without duplicates, in insertion
 * order (order has no meaning; equality ignores it). Elements are atoms normalised by
 * {@link Datum#atom(Object)}, or named-uuids in requests.
 *
 * <p>Written {@code ["set",[e1,e2,...]]}, except that a set of exactly one element is written as
 * the bare atom, like ovsdb-server does. Both forms are read.
 */
public record OvsdbSet(Set<Object> elements) {

    public OvsdbSet {
        LinkedHashSet<Object> copy = new LinkedHashSet<>();
        for (Object element : elements) {
            copy.add(Datum.atom(element));
        }
        elements = Collections.unmodifiableSet(copy);
    }

    public static OvsdbSet of(Object... elements) {
        return copyOf(Arrays.asList(elements));
    }

    public static OvsdbSet copyOf(Collection<?> elements) {
        return new OvsdbSet(new LinkedHashSet<Object>(elements));
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public boolean contains(Object element) {
        return elements.contains(Datum.atom(element));
    }

    /**
     * The elements as a set of {@code type}.
     *
     * @throws ClassCastException naming the first element of another type
     */
    public <T> Set<T> as(Class<T> type) {
        LinkedHashSet<T> typed = new LinkedHashSet<>();
        for (Object element : elements) {
            if (!type.isInstance(element)) {
                throw new ClassCastException("set element " + element + " is a "
                        + element.getClass().getSimpleName() + ", not a " + type.getSimpleName());
            }
            typed.add(type.cast(element));
        }
        return Collections.unmodifiableSet(typed);
    }

    /**
     * The symmetric difference with {@code diff}: elements of {@code diff} that are in this set are
     * removed, the others added. This is how an update2 "modify" changes a set column whose
     * {@code max} is above 1.
     */
    public OvsdbSet toggle(OvsdbSet diff) {
        LinkedHashSet<Object> result = new LinkedHashSet<>(elements);
        for (Object element : diff.elements) {
            if (!result.remove(element)) {
                result.add(element);
            }
        }
        return new OvsdbSet(result);
    }

    /** The bare atom for one element, otherwise {@code ["set",[...]]}. */
    public JsonNode toJson() {
        if (elements.size() == 1) {
            return Datum.atomToJson(elements.iterator().next());
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode(elements.size());
        for (Object element : elements) {
            body.add(Datum.atomToJson(element));
        }
        return Datum.tagged("set", body);
    }

    /** Reads {@code ["set",[...]]} or a bare atom (a set of one element). */
    public static OvsdbSet fromJson(JsonNode json) {
        if (json != null && json.isArray() && json.size() == 2 && "set".equals(json.get(0).asText(null))) {
            JsonNode body = json.get(1);
            if (!body.isArray()) {
                throw new MalformedJsonException("expected [\"set\", [...]], got " + json);
            }
            LinkedHashSet<Object> elements = new LinkedHashSet<>();
            for (JsonNode element : body) {
                elements.add(Datum.atomFromJson(element));
            }
            return new OvsdbSet(elements);
        }
        return of(Datum.atomFromJson(json));
    }

    @Override
    public String toString() {
        return elements.toString();
    }
}
