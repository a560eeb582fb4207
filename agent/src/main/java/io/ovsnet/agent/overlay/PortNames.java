package io.ovsnet.agent.overlay;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of the ports ovsnet puts on the integration bridge; every name fits IFNAMSIZ (at most 15
 * characters).
 *
 * <ul>
 *   <li>Container port (the host end of a veth): {@code ovs} + the first 11 hex digits of the
 *       container or endpoint id.
 *   <li>Tunnel port: {@code <encap>-<peer-short>-<vni>}, with encap {@code vx} (VXLAN) or
 *       {@code gre}, the VNI in decimal, and peer-short the first characters (base 36, up to 6,
 *       as many as fit) of the SHA-256 of the peer's host name. When that name is taken by another
 *       port, the hash of {@code NAME#1}, {@code NAME#2}, ... is used instead, so two peers never
 *       share a name. Tunnel ports are found again by their external_ids, never by name, so a
 *       name once given stays.
 * </ul>
 */
public final class PortNames {
    public static final int IFNAMSIZ = 15;
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{11,}");
    private static final int PEER_SHORT_MAX = 6;
    private static final int ATTEMPTS = 1000;

    private PortNames() {}

    /** The host end of a container's veth: {@code ovs} + 11 hex of the id (a lower-case hex id of at least 11 digits). */
    public static String containerPort(String id) {
        if (!HEX_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id " + id + " is not valid: expected at least 11 lower-case hex digits");
        }
        return "ovs" + id.substring(0, 11);
    }

    /**
     * A tunnel port name for {@code peer} in the network with {@code vni} that is not in {@code taken}.
     * Deterministic: the same arguments give the same name.
     */
    public static String tunnel(Encapsulation encap, String peer, long vni, Set<String> taken) {
        String vniText = Long.toString(vni);
        int room = Math.min(PEER_SHORT_MAX, IFNAMSIZ - encap.token().length() - vniText.length() - 2);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String name = encap.token() + "-" + peerShort(attempt == 0 ? peer : peer + "#" + attempt, room)
                    + "-" + vniText;
            if (!taken.contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException("no free tunnel port name for peer " + peer + " and VNI " + vni
                + " after " + ATTEMPTS + " attempts");
    }

    private static String peerShort(String text, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest).toString(36).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
