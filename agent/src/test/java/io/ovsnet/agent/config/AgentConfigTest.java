package io.ovsnet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.agent.docker.DockerHost;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @Test
    void defaultsAreTheLocalServices() {
        AgentConfig c = AgentConfig.defaults();
        assertThat(c.ovsdb()).isEqualTo("unix:/var/run/openvswitch/db.sock");
        assertThat(c.docker()).isEqualTo(DockerHost.of("unix:///var/run/docker.sock"));
        assertThat(c.bridge()).isEqualTo("br-ovsnet");
        assertThat(c.encapIp()).isEmpty();
    }

    @Test
    void aFileReplacesWhatItSetsAndFlagsReplaceTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, "# ovsnet agent\nstore = tcp:192.0.2.1:6641,tcp:192.0.2.2:6641\n"
                + "encap-ip=192.0.2.11\nbridge=br-x\n");
        AgentConfig c = AgentConfig.defaults().withFile(file).with(Map.of("bridge", "br-y"));
        assertThat(c.store()).isEqualTo("tcp:192.0.2.1:6641,tcp:192.0.2.2:6641");
        assertThat(c.encapIp()).contains(InetAddress.getByName("192.0.2.11"));
        assertThat(c.bridge()).isEqualTo("br-y");
        assertThat(c.ovsdb()).isEqualTo(AgentConfig.LOCAL_OVSDB);
    }

    @Test
    void mistakesNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.conf");
        Files.writeString(typo, "encap_ip=192.0.2.11\n");
        assertThatThrownBy(() -> AgentConfig.defaults().withFile(typo))
                .hasMessageContaining("typo.conf").hasMessageContaining("key encap_ip is not known");
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "encap-ip=host.example\n");
        assertThatThrownBy(() -> AgentConfig.defaults().withFile(bad))
                .hasMessageContaining("bad.conf").hasMessageContaining("encap-ip host.example is not valid");
        assertThatThrownBy(() -> AgentConfig.defaults().with(Map.of("log-level", "loud")))
                .hasMessageContaining("log level loud is not valid");
        assertThatThrownBy(() -> AgentConfig.defaults().with(Map.of("bridge", "a-bridge-name-too-long")))
                .hasMessageContaining("bridge a-bridge-name-too-long is not valid");
        assertThatThrownBy(() -> AgentConfig.defaults().with(Map.of("docker", "http://x")))
                .hasMessageContaining("Docker address http://x is not valid");
    }
}
