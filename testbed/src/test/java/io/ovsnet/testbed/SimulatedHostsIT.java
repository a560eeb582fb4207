package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three hosts with OVS and Docker, shared by the tests of this class through the extension. */
class SimulatedHostsIT {
    @RegisterExtension
    static final TestbedExtension<Testbed> TESTBED =
            TestbedExtension.of(() -> Testbed.builder().hosts(3).withDocker().start());

    @Test
    void hostsReachEachOtherOnTheUnderlay(Testbed testbed) {
        for (Host from : testbed.hosts()) {
            for (Host to : testbed.hosts()) {
                if (from != to) {
                    CommandResult ping = from.exec("ping", "-c", "1", "-W", "2", to.underlayAddress());
                    assertThat(ping.exitCode()).as("%s -> %s: %s", from, to, ping.stdout()).isZero();
                }
            }
        }
    }

    @Test
    void everyHostHasItsOwnOvs() {
        Testbed testbed = TESTBED.get();
        for (Host host : testbed.hosts()) {
            assertThat(host.exec("ovs-vsctl", "--db=" + host.ovsdbRemote(), "list-br").orThrow().stdout())
                    .contains("br-phy\n");
            assertThat(host.exec("ip", "-4", "-o", "addr", "show", "dev", "br-phy").orThrow().stdout())
                    .contains(host.underlayAddress() + "/24");
            assertThat(host.appctl("ovs/route/show").orThrow().stdout()).contains("br-phy");
            assertThat(host.daemons()).allMatch(Daemon::isAlive);
        }
        assertThat(testbed.host(1).daemons()).extracting(Daemon::pid)
                .doesNotContainAnyElementsOf(testbed.host(2).daemons().stream().map(Daemon::pid).toList());
    }

    @Test
    void vxlanTunnelCarriesContainerTraffic() throws Exception {
        Testbed testbed = TESTBED.get();
        Host h1 = testbed.host(1);
        Host h2 = testbed.host(2);
        Container c1 = h1.addContainer("vx1");
        Container c2 = h2.addContainer("vx2");
        c1.addAddress("10.77.0.1/24");
        c2.addAddress("10.77.0.2/24");
        connect(h1, c1, h2.underlayAddress());
        connect(h2, c2, h1.underlayAddress());

        // The first packets may be dropped while the datapath resolves the peer's ARP entry.
        Poll.until("ping over VXLAN", Duration.ofSeconds(15), h1.runDirectory().resolve("ovs-vswitchd.log"),
                () -> c1.exec("ping", "-c", "1", "-W", "1", "10.77.0.2").succeeded());
        CommandResult ping = c1.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.77.0.2");
        assertThat(ping.exitCode()).as(ping.stdout()).isZero();
        assertThat(ping.stdout()).contains("3 received");
        assertThat(h1.appctl("dpctl/dump-flows").orThrow().stdout()).contains("tnl_push");

        // TCP too: it fails across the userspace datapath unless TX checksum offload is off.
        Process server = new ProcessBuilder("ip", "netns", "exec", c2.namespace(),
                "busybox", "nc", "-l", "-p", "5001", "-w", "5").redirectErrorStream(true).start();
        try {
            Poll.until("nc listening in " + c2.namespace(), Duration.ofSeconds(5), Path.of("/dev/null"),
                    () -> c2.exec("sh", "-c", "cat /proc/net/tcp /proc/net/tcp6 | grep -q ':1389 '").succeeded());
            c1.exec("sh", "-c", "echo hello-over-vxlan | busybox nc -w 3 10.77.0.2 5001").orThrow();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("hello-over-vxlan");
        } finally {
            server.destroyForcibly();
        }
    }

    private static void connect(Host host, Container container, String peer) {
        host.exec("ovs-vsctl", "add-br", "br-vx", "--", "set", "bridge", "br-vx", "datapath_type=netdev",
                "--", "add-port", "br-vx", container.hostInterface(),
                "--", "add-port", "br-vx", "vxlan0", "--", "set", "interface", "vxlan0", "type=vxlan",
                "options:remote_ip=" + peer, "options:key=4242").orThrow();
    }

    @Test
    void everyHostRunsItsOwnDockerWithTheBusyboxImage() {
        for (Host host : TESTBED.get().hosts()) {
            assertThat(host.dockerHost()).isEqualTo("unix://" + host.runDirectory().resolve("docker.sock"));
            CommandResult run = host.docker("run", "--rm", "--network", "none", host.busyboxImage(),
                    "sh", "-c", "ping -c 1 127.0.0.1 && cat /proc/net/dev");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("1 packets received").doesNotContain("br-phy");
        }
    }

    @Test
    void dockerdSeesOnlyItsHostsPluginDirectory() throws Exception {
        Host h1 = TESTBED.get().host(1);
        Host h2 = TESTBED.get().host(2);
        Files.writeString(h1.pluginDirectory().resolve("marker-h1.spec"), "unix:///nowhere.sock\n");
        long dockerd1 = h1.daemons().stream().filter(d -> d.name().startsWith("dockerd")).findFirst()
                .orElseThrow().pid();
        long dockerd2 = h2.daemons().stream().filter(d -> d.name().startsWith("dockerd")).findFirst()
                .orElseThrow().pid();
        CommandRunner local = CommandRunner.local();
        assertThat(local.check("nsenter", "-t", String.valueOf(dockerd1), "-m", "ls", "/run/docker/plugins")
                .stdout()).contains("marker-h1.spec");
        assertThat(local.check("nsenter", "-t", String.valueOf(dockerd2), "-m", "ls", "/run/docker/plugins")
                .stdout()).doesNotContain("marker-h1.spec");
        assertThat(local.check("readlink", "/proc/" + dockerd1 + "/ns/net").stdout())
                .isEqualTo(local.check("ip", "netns", "exec", h1.namespace(), "readlink", "/proc/self/ns/net")
                        .stdout());
    }
}
