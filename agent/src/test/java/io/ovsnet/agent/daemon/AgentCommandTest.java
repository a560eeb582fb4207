package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.agent.config.AgentConfig;
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

    private static AgentCommand parse(String... args) {
        AgentCommand command = new AgentCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
