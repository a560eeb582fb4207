package io.ovsnet.agent.overlay;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each network's VLAN id on this host's bridge (ARCHITECTURE.md decision 3), 1 to 4094.
 *
 * <p>Recorded in the integration bridge's {@code external_ids} as {@code ovsnet-vlan-NETWORK=ID},
 * written in the same transaction as the ports that use it, so that the ids stay the same across
 * agent restarts. Other external_ids keys are left alone.
 */
public record LocalVlans(Map<String, Integer> byNetwork) {
    public static final String KEY_PREFIX = "ovsnet-vlan-";
    public static final int FIRST = 1;
    public static final int LAST = 4094;

    public LocalVlans {
        byNetwork = Map.copyOf(byNetwork);
    }

    /** The ids recorded in a bridge's external_ids; entries that are not valid ids are ignored. */
    public static LocalVlans fromExternalIds(Map<String, String> externalIds) {
        Map<String, Integer> vlans = new HashMap<>();
        Set<Integer> used = new HashSet<>();
        new TreeMap<>(externalIds).forEach((key, value) -> {
            if (key.startsWith(KEY_PREFIX) && key.length() > KEY_PREFIX.length()) {
                parse(value).filter(used::add).ifPresent(id -> vlans.put(key.substring(KEY_PREFIX.length()), id));
            }
        });
        return new LocalVlans(vlans);
    }

    /** The external_ids entries that record these ids. */
    public Map<String, String> toExternalIds() {
        Map<String, String> ids = new TreeMap<>();
        byNetwork.forEach((network, id) -> ids.put(KEY_PREFIX + network, Integer.toString(id)));
        return ids;
    }

    public Optional<Integer> of(String network) {
        return Optional.ofNullable(byNetwork.get(network));
    }

    /**
     * The ids for exactly {@code networks}: networks that have an id keep it, the others get the
     * lowest free ids in name order, ids of networks no longer listed are freed. Deterministic and
     * idempotent: assigning the same networks again changes nothing.
     *
     * @throws IllegalStateException when more than 4094 networks need an id
     */
    public LocalVlans assign(Collection<String> networks) {
        Map<String, Integer> next = new HashMap<>();
        for (String network : networks) {
            of(network).ifPresent(id -> next.put(network, id));
        }
        Set<Integer> used = new HashSet<>(next.values());
        int candidate = FIRST;
        for (String network : new TreeSet<>(networks)) {
            if (next.containsKey(network)) {
                continue;
            }
            while (used.contains(candidate)) {
                candidate++;
            }
            if (candidate > LAST) {
                throw new IllegalStateException("no free local VLAN id for network " + network + ": all "
                        + LAST + " are in use");
            }
            next.put(network, candidate);
            used.add(candidate);
        }
        return new LocalVlans(next);
    }

    private static Optional<Integer> parse(String value) {
        try {
            int id = Integer.parseInt(value);
            return id >= FIRST && id <= LAST ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
