package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.agent.config.AgentConfig;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ovsdb.transport.TlsSettings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {

    @Test
    void flagsOverrideTheConfigFileWhichOverridesTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, "bridge = br-file\nstore = unix:/from/file.sock\nlog-level = debug\n");
        AgentCommand command = parse("--config", file.toString(), "--store", "tcp:127.0.0.1:6641",
                "--encap-ip", "192.0.2.7");

        AgentConfig config = command.config();

        assertThat(config.bridge()).isEqualTo("br-file");
        assertThat(config.store()).isEqualTo("tcp:127.0.0.1:6641");
        assertThat(config.logLevel()).isEqualTo("debug");
        assertThat(config.encapIp()).contains(InetAddress.getByName("192.0.2.7"));
        assertThat(config.ovsdb()).isEqualTo(AgentConfig.LOCAL_OVSDB);
    }

    @Test
    void withoutFlagsTheDefaultsHold() throws Exception {
        AgentConfig config = parse().config();

        assertThat(config).isEqualTo(AgentConfig.defaults());
        assertThat(config.encapIp()).isEqualTo(Optional.empty());
    }

    @Test
    void aBadValueIsRefusedNamingTheFlag() {
        AgentCommand command = parse("--log-level", "loud");

        assertThatThrownBy(command::config).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log level loud");
    }

    @Test
    void everyFlagHasAConfigFileKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, String.join("\n",
                "# the store over SSL",
                "store = ssl:192.0.2.1:6641,ssl:192.0.2.2:6641",
                "store-ssl-key = /etc/ovsnet/key.pem",
                "store-ssl-cert = /etc/ovsnet/cert.pem",
                "store-ssl-ca = /etc/ovsnet/ca.pem",
                "host-name = rack1-h7",
                "datapath = NetDev",
                "plugin-socket = /run/ovsnet/plugin.sock", ""));

        AgentConfig config = parse("--config", file.toString()).config();

        assertThat(config.storeTls()).contains(new TlsSettings(Path.of("/etc/ovsnet/key.pem"),
                Path.of("/etc/ovsnet/cert.pem"), Path.of("/etc/ovsnet/ca.pem")));
        assertThat(config.hostName()).contains("rack1-h7");
        assertThat(config.datapath()).contains(DatapathType.NETDEV);
        assertThat(config.pluginSocket()).contains(Path.of("/run/ovsnet/plugin.sock"));
        assertThat(parse("--config", file.toString(), "--plugin-socket", "none").config().pluginSocket()).isEmpty();
        assertThat(parse().config().pluginSocket()).contains(AgentConfig.DEFAULT_PLUGIN_SOCKET);
    }

    @Test
    void partialSslFilesAndBadValuesAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, "store-ssl-key = /k.pem\nstore-ssl-ca = /ca.pem\n");
        assertThatThrownBy(() -> parse("--config", file.toString()).config())
                .hasMessage("config file " + file + ": ssl: store remotes need all three of store-ssl-key,"
                        + " store-ssl-cert, store-ssl-ca; only store-ssl-key, store-ssl-ca given");
        assertThatThrownBy(() -> parse("--datapath", "kernel").config())
                .hasMessage("datapath kernel is not valid: expected system or netdev");
        assertThatThrownBy(() -> parse("--host-name", " ").config())
                .hasMessageContaining("host name is empty");
        Files.writeString(file, "plugin_socket = /x\n");
        assertThatThrownBy(() -> parse("--config", file.toString()).config())
                .hasMessageContaining("key plugin_socket is not known");
    }

    private static AgentCommand parse(String... args) {
        AgentCommand command = new AgentCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
