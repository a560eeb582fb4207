package io.ovsnet.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A {@code <base-type>} (RFC 7047 section 3.2): an atomic type with its optional constraints.
 *
 * @param enumeration the allowed atoms, if the type is an enumeration
 * @param refTable    for a uuid, the table whose rows it references
 * @param refType     for a uuid with refTable, "strong" (the default) or "weak"
 */
public record BaseType(AtomicType type, Optional<OvsdbSet> enumeration,
                       OptionalLong minInteger, OptionalLong maxInteger,
                       OptionalDouble minReal, OptionalDouble maxReal,
                       OptionalLong minLength, OptionalLong maxLength,
                       Optional<String> refTable, Optional<RefType> refType) {

    /** How a reference constrains the referenced row's life. */
    public enum RefType {
        /** The referenced row must exist; deleting it fails with "referential integrity violation". */
        STRONG,
        /** The reference disappears when the referenced row is deleted. */
        WEAK
    }

    /** An unconstrained base type. */
    public static BaseType of(AtomicType type) {
        return new BaseType(type, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Reads {@code "string"} or {@code {"type":"string", ...}}. */
    public static BaseType parse(JsonNode json) {
        if (json != null && json.isTextual()) {
            return of(atomicType(json));
        }
        if (json == null || !json.isObject()) {
            throw new MalformedJsonException("a base type must be a string or an object, got " + json);
        }
        AtomicType type = atomicType(json.get("type"));
        Optional<String> refTable = text(json, "refTable");
        Optional<RefType> refType = text(json, "refType").map(t -> switch (t) {
            case "strong" -> RefType.STRONG;
            case "weak" -> RefType.WEAK;
            default -> throw new MalformedJsonException("refType must be strong or weak, got " + t);
        });
        if (refTable.isPresent() && refType.isEmpty()) {
            refType = Optional.of(RefType.STRONG);
        }
        return new BaseType(type,
                json.has("enum") ? Optional.of(OvsdbSet.fromJson(json.get("enum"))) : Optional.empty(),
                integer(json, "minInteger"), integer(json, "maxInteger"),
                real(json, "minReal"), real(json, "maxReal"),
                integer(json, "minLength"), integer(json, "maxLength"),
                refTable, refType);
    }

    private static AtomicType atomicType(JsonNode json) {
        if (json == null || !json.isTextual()) {
            throw new MalformedJsonException("an atomic type must be a string, got " + json);
        }
        return AtomicType.fromWireName(json.asText())
                .orElseThrow(() -> new MalformedJsonException("unknown atomic type: " + json.asText()));
    }

    private static Optional<String> text(JsonNode json, String member) {
        JsonNode value = json.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static OptionalLong integer(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedJsonException(member + " must be an integer, got " + value);
        }
        return OptionalLong.of(value.asLong());
    }

    private static OptionalDouble real(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw new MalformedJsonException(member + " must be a number, got " + value);
        }
        return OptionalDouble.of(value.asDouble());
    }
}
