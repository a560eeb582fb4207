package io.ovsnet.agent.overlay;

import static io.ovsnet.agent.overlay.ContainerMtuTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeshPlannerTest {
    private static final OverlayNetwork BLUE = new OverlayNetwork("blue", 100, Encapsulation.VXLAN);
    private static final OverlayNetwork RED = new OverlayNetwork("red", 200, Encapsulation.GRE);
    private static final OverlayNetwork GREEN = new OverlayNetwork("green", 300, Encapsulation.VXLAN);
    private static final OverlayNetwork ORANGE = new OverlayNetwork("orange", 400, Encapsulation.GRE);
    private static final Map<String, InetAddress> ADDRESSES = Map.of(
            "a", address("192.0.2.1"), "b", address("192.0.2.2"), "c", address("192.0.2.3"));
    private static final LocalVlans VLANS = new LocalVlans(Map.of("blue", 1, "red", 2, "orange", 3));

    private final MeshPlanner planner = new MeshPlanner("a");

    private static List<NetworkMembers> members() {
        return List.of(
                new NetworkMembers(BLUE, Set.of("a", "b", "c")),
                new NetworkMembers(RED, Set.of("a", "c")),
                new NetworkMembers(GREEN, Set.of("b", "c")),
                new NetworkMembers(ORANGE, Set.of("a")));
    }

    @Test
    void oneProtectedTunnelPerPeerAndNetworkOnlyWhereBothHaveEndpoints() {
        MeshDiff diff = planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of());
        assertThat(diff.remove()).isEmpty();
        assertThat(diff.modify()).isEmpty();
        assertThat(diff.add()).extracting(TunnelPort::network, TunnelPort::peer, TunnelPort::encap,
                        TunnelPort::remoteIp, TunnelPort::key, TunnelPort::tag, TunnelPort::split)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("blue", "b", Encapsulation.VXLAN, "192.0.2.2", 100L, 1, true),
                        org.assertj.core.groups.Tuple.tuple("blue", "c", Encapsulation.VXLAN, "192.0.2.3", 100L, 1, true),
                        org.assertj.core.groups.Tuple.tuple("red", "c", Encapsulation.GRE, "192.0.2.3", 200L, 2, true));
        assertThat(diff.add()).extracting(TunnelPort::name).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(15));
        assertThat(diff.add().get(0).name()).matches("vx-[0-9a-z]{6}-100");
        assertThat(diff.add().get(2).name()).matches("gre-[0-9a-z]{6}-200");
    }

    @Test
    void planningAgainAfterApplyingGivesNothingToDo() {
        List<TunnelPort> actual = apply(List.of(), planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of()));
        assertThat(planner.plan(members(), ADDRESSES, VLANS, actual, Set.of()).isEmpty()).isTrue();
    }

    @Test
    void aPeerLeavingANetworkLosesItsTunnelAndNothingElseChanges() {
        List<TunnelPort> actual = apply(List.of(), planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of()));
        List<NetworkMembers> cLeftRed = List.of(
                new NetworkMembers(BLUE, Set.of("a", "b", "c")), new NetworkMembers(RED, Set.of("a")));
        MeshDiff diff = planner.plan(cLeftRed, ADDRESSES, VLANS, actual, Set.of());
        assertThat(diff.add()).isEmpty();
        assertThat(diff.modify()).isEmpty();
        assertThat(diff.remove()).extracting(TunnelPort::network, TunnelPort::peer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("red", "c"));
        assertThat(planner.plan(cLeftRed, ADDRESSES, VLANS, apply(actual, diff), Set.of()).isEmpty()).isTrue();
    }

    @Test
    void thisHostLeavingANetworkRemovesAllItsTunnelsThere() {
        List<TunnelPort> actual = apply(List.of(), planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of()));
        MeshDiff diff = planner.plan(List.of(new NetworkMembers(BLUE, Set.of("b", "c")),
                new NetworkMembers(RED, Set.of("a", "c"))), ADDRESSES, VLANS, actual, Set.of());
        assertThat(diff.remove()).extracting(TunnelPort::network).containsOnly("blue").hasSize(2);
    }

    @Test
    void changedSettingsAreModifiedInPlaceUnderTheSameName() {
        List<TunnelPort> actual = new ArrayList<>(apply(List.of(), planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of())));
        TunnelPort blueB = actual.get(0);
        actual.set(0, new TunnelPort(blueB.name(), "blue", "b", Encapsulation.GRE, "192.0.2.99", 5, 9, false));
        MeshDiff diff = planner.plan(members(), ADDRESSES, VLANS, actual, Set.of());
        assertThat(diff.add()).isEmpty();
        assertThat(diff.remove()).isEmpty();
        assertThat(diff.modify()).containsExactly(blueB);
        assertThat(planner.plan(members(), ADDRESSES, VLANS, apply(actual, diff), Set.of()).isEmpty()).isTrue();
    }

    @Test
    void aSecondPortForTheSamePairIsRemovedAndNewNamesAvoidExistingOnes() {
        List<TunnelPort> actual = new ArrayList<>(apply(List.of(), planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of())));
        TunnelPort blueB = actual.get(0);
        actual.add(blueB.named("zz-duplicate"));
        // A foreign port holding the name blue->c would get, and blue->c missing.
        TunnelPort blueC = actual.remove(1);
        actual.add(new TunnelPort(blueC.name(), "gone", "x", Encapsulation.VXLAN, "192.0.2.9", 9, 9, true));
        MeshDiff diff = planner.plan(members(), ADDRESSES, VLANS, actual, Set.of());
        assertThat(diff.remove()).extracting(TunnelPort::name).containsExactlyInAnyOrder(blueC.name(), "zz-duplicate");
        assertThat(diff.add()).singleElement().satisfies(p -> {
            assertThat(p.peer()).isEqualTo("c");
            assertThat(p.name()).isNotEqualTo(blueC.name());
        });
        assertThat(planner.plan(members(), ADDRESSES, VLANS, apply(actual, diff), Set.of()).isEmpty()).isTrue();
    }

    @Test
    void newNamesAvoidNamesInUseOnOtherBridges() {
        MeshDiff first = planner.plan(members(), ADDRESSES, VLANS, List.of(), Set.of());
        Set<String> elsewhere = Set.of(first.add().get(0).name(), first.add().get(2).name());
        MeshDiff diff = planner.plan(members(), ADDRESSES, VLANS, List.of(), elsewhere);
        assertThat(diff.add()).hasSize(3).extracting(TunnelPort::name).doesNotContainAnyElementsOf(elsewhere)
                .contains(first.add().get(1).name());
    }

    @Test
    void aPeerWithoutAnAddressGetsNoTunnelYet() {
        MeshDiff diff = planner.plan(members(), Map.of("a", address("192.0.2.1"), "b", address("192.0.2.2")),
                VLANS, List.of(), Set.of());
        assertThat(diff.add()).extracting(TunnelPort::peer).containsOnly("b");
    }

    @Test
    void aNetworkWithLocalEndpointsNeedsALocalVlan() {
        assertThatThrownBy(() -> planner.plan(members(), ADDRESSES, new LocalVlans(Map.of("blue", 1)), List.of(), Set.of()))
                .hasMessageContaining("network red has local endpoints but no local VLAN");
    }

    /** What OVSDB holds after a diff is applied: removed by name, modified replaced by name, added. */
    private static List<TunnelPort> apply(List<TunnelPort> actual, MeshDiff diff) {
        List<TunnelPort> next = new ArrayList<>(actual);
        diff.remove().forEach(r -> assertThat(next.removeIf(p -> p.name().equals(r.name()))).isTrue());
        for (TunnelPort m : diff.modify()) {
            assertThat(next.removeIf(p -> p.name().equals(m.name()))).isTrue();
            next.add(m);
        }
        for (TunnelPort a : diff.add()) {
            assertThat(next).noneMatch(p -> p.name().equals(a.name()));
            next.add(a);
        }
        return next;
    }
}
