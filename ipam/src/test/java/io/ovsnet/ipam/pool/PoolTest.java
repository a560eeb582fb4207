package io.ovsnet.ipam.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PoolTest {

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    /** Takes every address next fit offers, starting at the cursor, until the pool is empty. */
    private static List<String> drain(Pool pool, long cursor) {
        NavigableSet<BigInteger> taken = new TreeSet<>();
        List<String> out = new ArrayList<>();
        BigInteger c = big(cursor);
        for (Optional<BigInteger> o = pool.nextFree(c, taken::contains); o.isPresent(); o = pool.nextFree(c, taken::contains)) {
            taken.add(o.get());
            out.add(pool.subnet().addressAt(o.get()).toString());
            c = o.get().add(BigInteger.ONE);
        }
        return out;
    }

    @Test
    void ipv4NeverGivesNetworkOrBroadcast() {
        Pool pool = new Pool(Cidr.parse("10.0.0.0/29"), List.of());
        assertThat(drain(pool, 0)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");
    }

    @Test
    void nextFitWrapsAroundFromTheCursor() {
        Pool pool = new Pool(Cidr.parse("10.0.0.0/29"), List.of());
        assertThat(drain(pool, 5)).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");
    }

    @Test
    void skipsTakenAndExcludedAddresses() {
        Pool pool = new Pool(Cidr.parse("10.0.0.0/28"),
                List.of(AddressRange.parse("10.0.0.3-10.0.0.5"), AddressRange.parse("10.0.0.4-10.0.0.8"),
                        AddressRange.parse("10.0.0.12/30"), AddressRange.parse("fd00::1")));
        NavigableSet<BigInteger> taken = new TreeSet<>(List.of(big(1), big(9)));
        assertThat(pool.nextFree(big(1), taken::contains)).contains(big(2));
        assertThat(pool.nextFree(big(3), taken::contains)).contains(big(10));
        assertThat(pool.nextFree(big(12), taken::contains)).contains(big(2));
        taken.addAll(List.of(big(2), big(10), big(11)));
        assertThat(pool.nextFree(big(0), taken::contains)).isEmpty();
    }

    @Test
    void ipv6SlashSixtyFourIsNeverScanned() {
        Pool pool = new Pool(Cidr.parse("fd00:1::/64"), List.of());
        NavigableSet<BigInteger> taken = new TreeSet<>();
        BigInteger start = pool.randomOffset(new Random(7));
        for (int i = 0; i < 1000; i++) {
            taken.add(start.add(big(i)));
        }
        // Cost is bounded by the taken run, not by 2^64: this returns at once.
        assertThat(pool.nextFree(start, taken::contains)).contains(start.add(big(1000)));
        assertThat(pool.lastOffset()).isEqualTo(Pool.IPV6_DYNAMIC_LIMIT.subtract(BigInteger.ONE));
        // The cursor wraps at the dynamic limit, skipping the subnet-router anycast address (offset 0).
        assertThat(pool.nextFree(pool.lastOffset().add(BigInteger.ONE), taken::contains)).contains(BigInteger.ONE);
    }

    @Test
    void randomOffsetsStayInTheDynamicRange() {
        Pool pool = new Pool(Cidr.parse("10.0.0.0/30"), List.of());
        Random r = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertThat(pool.randomOffset(r)).isBetween(big(1), big(2));
        }
    }

    @Test
    void requestableChecksNameTheReason() {
        Pool pool = new Pool(Cidr.parse("10.0.0.0/24"), List.of(AddressRange.parse("10.0.0.200-10.0.0.210")));
        assertThat(pool.checkRequestable(IpAddress.parse("10.0.0.7"))).isEqualTo(big(7));
        assertThatThrownBy(() -> pool.checkRequestable(IpAddress.parse("10.0.0.0"))).hasMessageContaining("network address");
        assertThatThrownBy(() -> pool.checkRequestable(IpAddress.parse("10.0.0.255"))).hasMessageContaining("broadcast address");
        assertThatThrownBy(() -> pool.checkRequestable(IpAddress.parse("10.0.0.205"))).hasMessageContaining("excluded");
        assertThatThrownBy(() -> pool.checkRequestable(IpAddress.parse("10.0.1.1")))
                .hasMessage("address 10.0.1.1 is outside the subnet 10.0.0.0/24");
    }

    @Test
    void refusesTinySubnetsAndOutsideExclusions() {
        assertThatThrownBy(() -> new Pool(Cidr.parse("10.0.0.0/31"), List.of())).hasMessageContaining("too small");
        assertThatThrownBy(() -> new Pool(Cidr.parse("10.0.0.0/24"), List.of(AddressRange.parse("10.0.1.0/30"))))
                .hasMessageContaining("exclusion 10.0.1.0-10.0.1.3 is outside the subnet 10.0.0.0/24");
    }
}
