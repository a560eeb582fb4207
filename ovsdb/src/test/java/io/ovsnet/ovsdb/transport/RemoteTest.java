package io.ovsnet.ovsdb.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteTest {

    @Test
    void parsesEachConnectionMethod() {
        assertThat(Remote.parse("unix:/var/run/openvswitch/db.sock"))
                .isEqualTo(new Remote.Unix(Path.of("/var/run/openvswitch/db.sock")));
        assertThat(Remote.parse("tcp:127.0.0.1:6641")).isEqualTo(new Remote.Tcp("127.0.0.1", 6641));
        assertThat(Remote.parse("ssl:192.0.2.1:6643")).isEqualTo(new Remote.Ssl("192.0.2.1", 6643));
        assertThat(Remote.parse("tcp:[::1]:6641")).isEqualTo(new Remote.Tcp("::1", 6641));
        assertThat(Remote.parse("tcp:127.0.0.1")).isEqualTo(new Remote.Tcp("127.0.0.1", 6640));
        assertThat(Remote.parse("ssl:[fe80::1]")).isEqualTo(new Remote.Ssl("fe80::1", 6640));
    }

    @Test
    void printsBackInOvsSyntax() {
        for (String text : new String[] {"unix:/tmp/db.sock", "tcp:127.0.0.1:6641", "ssl:[::1]:6643"}) {
            assertThat(Remote.parse(text)).hasToString(text);
        }
    }

    @Test
    void parsesACommaSeparatedClusterList() {
        assertThat(Remote.parseList("tcp:127.0.0.1:6641, tcp:127.0.0.1:6642,tcp:[::1]:6643"))
                .containsExactly(new Remote.Tcp("127.0.0.1", 6641), new Remote.Tcp("127.0.0.1", 6642), new Remote.Tcp("::1", 6643));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "db.sock", "http:1.2.3.4:80", "tcp:", "tcp:1.2.3.4:port", "tcp:1.2.3.4:70000",
        "tcp:::1:6641", "tcp:[::1", "tcp:[::1]x", "unix:", " , "})
    void rejectsMalformedRemotesNamingThem(String text) {
        assertThatThrownBy(() -> Remote.parseList(text)).isInstanceOf(IllegalArgumentException.class)
                .satisfiesAnyOf(e -> assertThat(e.getMessage()).contains("'" + text + "'"),
                        e -> assertThat(e.getMessage()).contains("port out of range"));
    }
}
