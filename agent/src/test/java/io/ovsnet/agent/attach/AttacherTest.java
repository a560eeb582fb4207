package io.ovsnet.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttacherTest {

    @Test
    void theFirstFreeEthNameSkipsTakenOnesAndFillsGaps() {
        assertThat(Attacher.firstFreeEth(List.of("lo"))).isEqualTo("eth0");
        assertThat(Attacher.firstFreeEth(List.of("lo", "eth0", "eth1"))).isEqualTo("eth2");
        assertThat(Attacher.firstFreeEth(List.of("lo", "eth0", "eth2"))).isEqualTo("eth1");
        assertThat(Attacher.firstFreeEth(List.of())).isEqualTo("eth0");
    }

    @Test
    void aDualStackPortIsWholeOnlyWithBothAddressesInTheContainer() {
        ContainerPort dual = port("10.2.0.5/24", Optional.of("fd00:2::5/64"));
        Address v4 = Address.parse("10.2.0.5/24");
        Address v6 = Address.parse("fd00:2:0::5/64");
        Address linkLocal = Address.parse("fe80::1/64");
        assertThat(Attacher.missingAddress(dual, List.of(linkLocal, v6, v4))).isEmpty();
        assertThat(Attacher.missingAddress(dual, List.of(v4, linkLocal)))
                .contains("address fd00:2::5/64 is missing on eth0");
        assertThat(Attacher.missingAddress(dual, List.of(v6))).contains("address 10.2.0.5/24 is missing on eth0");
        assertThat(Attacher.missingAddress(dual, List.of(v4, Address.parse("fd00:2::5/128"))))
                .as("another prefix length is another address").isPresent();
    }

    @Test
    void anIpv4PortNeedsOnlyItsIpv4AddressAndAnIpv6OnlyPortItsIpv6One() {
        assertThat(Attacher.missingAddress(port("10.2.0.5/24", Optional.empty()),
                List.of(Address.parse("10.2.0.5/24")))).isEmpty();
        ContainerPort v6only = port("fd00:2::5/64", Optional.of("fd00:2::5/64"));
        assertThat(v6only.addresses()).containsExactly("fd00:2::5/64");
        assertThat(Attacher.missingAddress(v6only, List.of(Address.parse("fd00:2::5/64")))).isEmpty();
        assertThat(Attacher.missingAddress(v6only, List.of())).contains("address fd00:2::5/64 is missing on eth0");
        assertThat(Attacher.missingAddress(port("garbage", Optional.empty()), List.of()))
                .contains("recorded address garbage is not valid");
    }

    @Test
    void aFailedAttachGivesBackOnlyALeaseCreatedOnThisHostSinceItStarted() {
        Instant started = Instant.parse("2026-11-27T10:00:00.123Z");
        assertThat(Attacher.takenBy(lease("h1", started), "h1", started)).as("created in the attach's first millisecond")
                .isTrue();
        assertThat(Attacher.takenBy(lease("h1", started.plusMillis(40)), "h1", started)).isTrue();
        assertThat(Attacher.takenBy(lease("h1", started.minusMillis(1)), "h1", started)).as("held before").isFalse();
        assertThat(Attacher.takenBy(lease("h2", started.plusMillis(40)), "h1", started))
                .as("made on another host, whose clock this attach cannot compare with").isFalse();
        assertThat(Attacher.takenBy(lease(null, started.plusMillis(40)), "h1", started)).as("an operator's, no host")
                .isFalse();
    }

    private static Lease lease(String host, Instant created) {
        IpAddress address = IpAddress.parse("10.2.0.5");
        return new Lease(new Uuid(UUID.randomUUID()), new Uuid(UUID.randomUUID()), address, MacAddress.derivedFrom(address),
                Optional.ofNullable(host), "a".repeat(64), LeaseKind.ENDPOINT, created);
    }

    private static ContainerPort port(String ip, Optional<String> ip6) {
        return new ContainerPort("ovsaaaaaaaaaaa", "a".repeat(64), "eth0", "dual", "a".repeat(64), ip, ip6,
                "02:6e:0a:02:00:05", 4);
    }
}
