package io.ovsnet.ipam.model;

import java.util.Locale;

/** The tunnel encapsulation of a network, as stored in {@code Network.encap}. */
public enum Encap {
    VXLAN,
    GRE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Encap parse(String text) {
        for (Encap e : values()) {
            if (e.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encapsulation '" + text + "': expected vxlan or gre");
    }
}
