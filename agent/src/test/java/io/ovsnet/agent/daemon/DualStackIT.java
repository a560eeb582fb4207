package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovsnet.agent.AgentHosts;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.TestbedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A network with an IPv4 and an IPv6 subnet: a container attached in event mode gets an address
 * of each from the shared pool, reaches a container on another host over both, and gives both
 * back when it is removed. A label pinning an IPv6 address is refused with a clear reason.
 */
class DualStackIT {
    private static final String NETWORK = "dual";
    private static final Pattern INET6 = Pattern.compile("inet6 (fd00:75:[0-9a-f:]+)/64");
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestbedExtension<AgentHosts> HOSTS = TestbedExtension.of(() -> AgentHosts.start(2, "ovsnet-dual-it",
            ipam -> ipam.networks().create(new NetworkSpec(NETWORK,
                    List.of(Cidr.parse("10.75.0.0/24"), Cidr.parse("fd00:75::/64")), List.of(), List.of(),
                    Encap.VXLAN, OptionalLong.empty(), 0, Map.of())),
            (agent, host) -> { }));

    @Test
    void containersGetAnAddressOfEachFamilyAndReachEachOtherOverBoth() {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        String one = run(h1, "v6one");
        run(h2, "v6two");
        String address1 = await6(h1, "v6one");
        String address2 = await6(h2, "v6two");
        assertThat(address1).isNotEqualTo(address2);

        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            CommandResult r = h1.docker("exec", "v6one", "ping", "-6", "-c", "1", "-W", "1", address2);
            assertThat(r.succeeded()).as("v6one pings v6two over IPv6: %s %s", r.stdout(), r.stderr()).isTrue();
        });
        String v4two = h2.docker("exec", "v6two", "ip", "-4", "-o", "addr", "show", "dev", "eth0").orThrow().stdout()
                .replaceAll("(?s).*inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/.*", "$1").strip();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> h1
                .docker("exec", "v6one", "ping", "-c", "1", "-W", "1", v4two).succeeded());

        assertThat(leases()).filteredOn(l -> l.owner().equals(one)).extracting(Lease::family)
                .containsExactlyInAnyOrder(IpFamily.IPV4, IpFamily.IPV6);
        h1.docker("rm", "-f", "v6one").orThrow();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(leases()).noneMatch(l -> l.owner().equals(one)));
    }

    @Test
    void aLabelPinningAnIpv6AddressIsRefused() {
        Host h1 = HOSTS.get().host(1);
        String id = h1.docker("run", "-d", "--name", "pinned6", "--network", "none", "--label",
                OvsnetLabels.NETWORK + "=" + NETWORK, "--label", OvsnetLabels.IP + "=fd00:75::99",
                h1.busyboxImage(), "sleep", "3600").orThrow().stdout().strip();
        // Nothing is leased for it, and it gets no interface (checked after the agent had time to try).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(leases()).noneMatch(l -> l.owner().equals(id)));
        assertThat(h1.docker("exec", "pinned6", "ip", "-o", "link", "show", "eth0").succeeded()).isFalse();
    }

    private static List<Lease> leases() {
        return HOSTS.get().ipam().leases().list(Optional.of(NETWORK));
    }

    private static String run(Host host, String name) {
        return host.docker("run", "-d", "--name", name, "--network", "none", "--label",
                OvsnetLabels.NETWORK + "=" + NETWORK, host.busyboxImage(), "sleep", "3600").orThrow().stdout().strip();
    }

    private static String await6(Host host, String container) {
        String[] address = new String[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ip", "-6", "-o", "addr", "show", "dev", "eth0");
            Matcher m = INET6.matcher(r.stdout());
            assertThat(m.find()).as("%s has an IPv6 address on eth0: %s %s", container, r.stdout(), r.stderr())
                    .isTrue();
            address[0] = m.group(1);
        });
        return address[0];
    }
}
