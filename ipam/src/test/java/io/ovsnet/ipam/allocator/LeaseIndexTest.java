package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.monitor.RowChange;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseIndexTest {
    private final Uuid net = new Uuid(UUID.randomUUID());

    private Row networkRow(String name) {
        return Row.builder().set(Row.UUID_COLUMN, net).set(Network.NAME, name).set(Network.VNI, 5L)
                .set(Network.SUBNET4, Optional.of("10.0.0.0/24")).set(Network.SUBNET6, Optional.empty())
                .set(Network.GATEWAY4, Optional.of("10.0.0.1")).set(Network.GATEWAY6, Optional.empty())
                .set(Network.EXCLUDE, List.of()).set(Network.ENCAP, "vxlan").set(Network.MTU, 0L)
                .set(Network.OPTIONS, Map.of()).build();
    }

    private Row leaseRow(Uuid uuid, String address, String owner) {
        return Lease.columns(IpAddress.parse(address), Optional.of("h1"), owner, LeaseKind.ENDPOINT, Instant.EPOCH)
                .set(Lease.NETWORK, net).set(Row.UUID_COLUMN, uuid).build();
    }

    @Test
    void followsInsertsModificationsAndDeletes() {
        LeaseIndex index = new LeaseIndex();
        Uuid a = new Uuid(UUID.randomUUID());
        index.changed(List.of(
                new RowChange(Network.TABLE, net, Optional.empty(), Optional.of(networkRow("blue"))),
                new RowChange(Lease.TABLE, a, Optional.empty(), Optional.of(leaseRow(a, "10.0.0.7", "ctr")))));
        assertThat(index.network("blue")).map(Network::uuid).contains(net);
        assertThat(index.taken(net, IpFamily.IPV4)).containsExactly(IpAddress.parse("10.0.0.7").value());
        assertThat(index.byOwner(net, IpFamily.IPV4, "ctr")).map(Lease::address).contains(IpAddress.parse("10.0.0.7"));

        // A network renamed in place, then a lease moved to another address by an update.
        index.changed(List.of(
                new RowChange(Network.TABLE, net, Optional.of(networkRow("blue")), Optional.of(networkRow("green"))),
                new RowChange(Lease.TABLE, a, Optional.of(leaseRow(a, "10.0.0.7", "ctr")),
                        Optional.of(leaseRow(a, "10.0.0.9", "ctr")))));
        assertThat(index.network("blue")).isEmpty();
        assertThat(index.network("green")).isPresent();
        assertThat(index.taken(net, IpFamily.IPV4)).containsExactly(IpAddress.parse("10.0.0.9").value());
        assertThat(index.byAddress(net, IpAddress.parse("10.0.0.7"))).isEmpty();

        index.changed(List.of(new RowChange(Lease.TABLE, a, Optional.of(leaseRow(a, "10.0.0.9", "ctr")), Optional.empty()),
                new RowChange(Network.TABLE, net, Optional.of(networkRow("green")), Optional.empty())));
        assertThat(index.taken(net, IpFamily.IPV4)).isEmpty();
        assertThat(index.byOwner(net, IpFamily.IPV4, "ctr")).isEmpty();
        assertThat(index.networks()).isEmpty();
    }

    @Test
    void ownClaimsCountBeforeTheMonitorReportsThemAndStaleReportsAreHarmless() {
        LeaseIndex index = new LeaseIndex();
        Uuid a = new Uuid(UUID.randomUUID());
        Lease mine = Lease.fromRow(leaseRow(a, "10.0.0.20", "me"));
        index.claimed(mine);
        assertThat(index.taken(net, IpFamily.IPV4)).contains(IpAddress.parse("10.0.0.20").value());
        // The monitor's insert of the same row changes nothing; an unreadable row is skipped.
        index.changed(List.of(new RowChange(Lease.TABLE, a, Optional.empty(), Optional.of(leaseRow(a, "10.0.0.20", "me"))),
                new RowChange(Lease.TABLE, a, Optional.empty(), Optional.of(Row.builder().set(Row.UUID_COLUMN, a).build()))));
        assertThat(index.byAddress(net, IpAddress.parse("10.0.0.20"))).contains(mine);
        index.markTaken(net, IpAddress.parse("10.0.0.21"));
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.21").value()))
                .as("an index of every lease learns of others' leases from its monitor, not from refusals").isFalse();
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.20").value())).isTrue();
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.22").value())).isFalse();
        assertThat(index.needsSeed(net, IpFamily.IPV4)).as("an index of every lease needs no snapshot").isFalse();
    }

    @Test
    void aScopedIndexKeepsOtherHostsAddressesOnlyAsTakenUntilTheNextSnapshot() {
        LeaseIndex index = LeaseIndex.scopedTo("h2");
        assertThat(index.needsSeed(net, IpFamily.IPV4)).isTrue();
        index.seed(net, IpFamily.IPV4, Set.of(IpAddress.parse("10.0.0.3").value()),
                Set.of(IpAddress.parse("10.0.0.1").value(), IpAddress.parse("10.0.0.5").value()));
        assertThat(index.needsSeed(net, IpFamily.IPV4)).isFalse();
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.5").value())).isTrue();

        // A lease of host h1 (the leaseRow host) is taken, but not indexed as this host's own.
        Lease other = Lease.fromRow(leaseRow(new Uuid(UUID.randomUUID()), "10.0.0.9", "theirs"));
        index.claimed(other);
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.9").value())).isTrue();
        assertThat(index.byOwner(net, IpFamily.IPV4, "theirs")).isEmpty();

        assertThat(index.taken(net, IpFamily.IPV4)).containsExactly(IpAddress.parse("10.0.0.3").value());

        // The next snapshot replaces what was known: 10.0.0.5 and .9 were released elsewhere, and so
        // was this host's 10.0.0.3 (an operator's release, which a scoped index does not see).
        index.seed(net, IpFamily.IPV4, Set.of(), Set.of(IpAddress.parse("10.0.0.1").value()));
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.5").value())).isFalse();
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.9").value())).isFalse();
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.3").value())).isFalse();
        assertThat(index.isTaken(net, IpFamily.IPV4, IpAddress.parse("10.0.0.1").value())).isTrue();
    }

    @Test
    void aHeldAddressIsNotTakenAndOutlivesASnapshotUntilReleased() {
        LeaseIndex index = LeaseIndex.scopedTo("h2");
        java.math.BigInteger tried = IpAddress.parse("10.0.0.7").value();
        assertThat(index.hold(net, IpFamily.IPV4, tried)).isTrue();
        assertThat(index.hold(net, IpFamily.IPV4, tried)).as("held twice").isFalse();
        assertThat(index.isHeld(net, IpFamily.IPV4, tried)).isTrue();
        assertThat(index.isTaken(net, IpFamily.IPV4, tried)).as("a claim under way is no lease").isFalse();
        assertThat(index.isHeld(net, IpFamily.IPV6, tried)).isFalse();

        index.seed(net, IpFamily.IPV4, Set.of(), Set.of(IpAddress.parse("10.0.0.1").value()));
        assertThat(index.isHeld(net, IpFamily.IPV4, tried)).isTrue();
        assertThat(index.heldCount(net, IpFamily.IPV4)).isEqualTo(1);

        index.unhold(net, IpFamily.IPV4, tried);
        assertThat(index.isHeld(net, IpFamily.IPV4, tried)).isFalse();
        assertThat(index.heldCount(net, IpFamily.IPV4)).isZero();
        index.unhold(net, IpFamily.IPV4, tried); // idempotent
    }
}
