package io.ovsnet.ipam.pool;

import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The addresses of one subnet that may be handed out, and next-fit candidate selection over them.
 *
 * <p>The dynamic range is offsets {@code 1 .. size-2} for IPv4 (never the network or broadcast
 * address) and {@code 1 .. min(size-1, 2^40-1)} for IPv6 (never the subnet-router anycast address;
 * capped so that the derived MACs of a network stay distinct, see {@code MacAddress}). Configured
 * exclusions are skipped as whole ranges. Candidate selection walks only over taken addresses and
 * exclusions, never over the free space, so a /64 costs the same as a /29.
 *
 * <p>Immutable and thread-safe; the taken set passed in may change concurrently (a stale view only
 * yields a candidate that the store then refuses).
 */
public final class Pool {
    /** IPv6 dynamic allocation stays in the first 2^40 addresses of a subnet. */
    static final BigInteger IPV6_DYNAMIC_LIMIT = BigInteger.ONE.shiftLeft(40);
    private static final int MAX_IPV4_PREFIX = 30;
    private static final int MAX_IPV6_PREFIX = 126;

    private final Cidr subnet;
    private final BigInteger first;
    private final BigInteger last;
    private final TreeMap<BigInteger, BigInteger> excluded = new TreeMap<>();

    /**
     * @param exclusions ranges never handed out; those of the other family are ignored, those of this
     *     family must lie inside the subnet
     */
    public Pool(Cidr subnet, Collection<AddressRange> exclusions) {
        int maxPrefix = subnet.family() == IpFamily.IPV4 ? MAX_IPV4_PREFIX : MAX_IPV6_PREFIX;
        if (subnet.prefixLength() > maxPrefix) {
            throw new IllegalArgumentException("subnet " + subnet + " is too small: use a prefix of /" + maxPrefix
                    + " or shorter");
        }
        this.subnet = subnet;
        this.first = BigInteger.ONE;
        BigInteger end = subnet.size().subtract(subnet.family() == IpFamily.IPV4 ? BigInteger.TWO : BigInteger.ONE);
        this.last = end.min(IPV6_DYNAMIC_LIMIT.subtract(BigInteger.ONE));
        for (AddressRange r : exclusions) {
            if (r.family() != subnet.family()) {
                continue;
            }
            if (!subnet.contains(r.first()) || !subnet.contains(r.last())) {
                throw new IllegalArgumentException("exclusion " + r + " is outside the subnet " + subnet);
            }
            addExclusion(subnet.offsetOf(r.first()), subnet.offsetOf(r.last()));
        }
    }

    public Cidr subnet() {
        return subnet;
    }

    /** First offset of the dynamic range. */
    public BigInteger firstOffset() {
        return first;
    }

    /** Last offset of the dynamic range (inclusive). */
    public BigInteger lastOffset() {
        return last;
    }

    /**
     * Checks that {@code address} may be leased by a specific request: inside the subnet, neither
     * the network nor (IPv4) the broadcast address, not excluded. Returns its offset.
     */
    public BigInteger checkRequestable(IpAddress address) {
        BigInteger offset = subnet.offsetOf(address);
        if (offset.signum() == 0) {
            throw new IllegalArgumentException(address + " is the network address of " + subnet + " and is never leased");
        }
        if (subnet.family() == IpFamily.IPV4 && offset.equals(subnet.size().subtract(BigInteger.ONE))) {
            throw new IllegalArgumentException(address + " is the broadcast address of " + subnet + " and is never leased");
        }
        if (isExcluded(offset)) {
            throw new IllegalArgumentException(address + " is excluded from allocation in " + subnet);
        }
        return offset;
    }

    /** A uniformly random offset of the dynamic range: a starting point for a next-fit cursor. */
    public BigInteger randomOffset(RandomGenerator random) {
        // The dynamic range never exceeds 2^40 addresses, so it fits a long.
        long span = last.subtract(first).add(BigInteger.ONE).longValueExact();
        return first.add(BigInteger.valueOf(random.nextLong(span)));
    }

    /**
     * Next fit: the first offset at or after {@code cursor} (wrapping around once) that is in the
     * dynamic range, not excluded and not {@code taken} (a test on offsets); empty when there is none. Costs
     * O(taken + exclusions) in the worst case, independent of the subnet's size.
     */
    public Optional<BigInteger> nextFree(BigInteger cursor, Predicate<BigInteger> taken) {
        BigInteger start = cursor.compareTo(first) < 0 || cursor.compareTo(last) > 0 ? first : cursor;
        BigInteger c = start;
        boolean wrapped = false;
        while (true) {
            if (c.compareTo(last) > 0) {
                if (wrapped) {
                    return Optional.empty();
                }
                wrapped = true;
                c = first;
            }
            if (wrapped && c.compareTo(start) >= 0) {
                return Optional.empty();
            }
            Map.Entry<BigInteger, BigInteger> ex = excluded.floorEntry(c);
            if (ex != null && ex.getValue().compareTo(c) >= 0) {
                c = ex.getValue().add(BigInteger.ONE);
            } else if (taken.test(c)) {
                c = c.add(BigInteger.ONE);
            } else {
                return Optional.of(c);
            }
        }
    }

    private boolean isExcluded(BigInteger offset) {
        Map.Entry<BigInteger, BigInteger> ex = excluded.floorEntry(offset);
        return ex != null && ex.getValue().compareTo(offset) >= 0;
    }

    /** Adds [from, to], merging with overlapping or adjacent ranges so that floorEntry finds any cover. */
    private void addExclusion(BigInteger from, BigInteger to) {
        BigInteger lo = from;
        BigInteger hi = to;
        Map.Entry<BigInteger, BigInteger> before = excluded.floorEntry(lo);
        if (before != null && before.getValue().add(BigInteger.ONE).compareTo(lo) >= 0) {
            lo = before.getKey();
            hi = hi.max(before.getValue());
            excluded.remove(before.getKey());
        }
        Map.Entry<BigInteger, BigInteger> after = excluded.ceilingEntry(lo);
        while (after != null && after.getKey().compareTo(hi.add(BigInteger.ONE)) <= 0) {
            hi = hi.max(after.getValue());
            excluded.remove(after.getKey());
            after = excluded.ceilingEntry(lo);
        }
        excluded.put(lo, hi);
    }
}
