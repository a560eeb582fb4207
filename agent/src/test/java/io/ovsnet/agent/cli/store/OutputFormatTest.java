package io.ovsnet.agent.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The exact text and JSON the store commands print, on hand-built networks and leases. */
class OutputFormatTest {
    private static final Network RED = new Network(new Uuid(UUID.nameUUIDFromBytes("red".getBytes())), "red", 100,
            Optional.of(Cidr.parse("10.1.0.0/24")), Optional.of(Cidr.parse("fd00:1::/64")),
            Optional.of(IpAddress.parse("10.1.0.1")), Optional.empty(), List.of(), Encap.VXLAN, 0, Map.of());
    private static final Network BLUE = new Network(new Uuid(UUID.nameUUIDFromBytes("blue".getBytes())), "blue-long",
            7, Optional.of(Cidr.parse("10.2.0.0/16")), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
            Encap.GRE, 1400, Map.of());

    private static String printed(Consumer<PrintWriter> print) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            print.accept(out);
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    private static Lease lease(String address, Optional<String> host) {
        IpAddress ip = IpAddress.parse(address);
        return new Lease(new Uuid(UUID.randomUUID()), RED.uuid(), ip, MacAddress.derivedFrom(ip), host, "web",
                LeaseKind.ENDPOINT, Instant.EPOCH);
    }

    @Test
    void networksAreColumnsPaddedToTheWidestCellPlusTwo() {
        assertThat(printed(out -> OutputFormat.TEXT.networks(out, List.of(RED, BLUE)))).isEqualTo("""
                NAME       VNI  SUBNETS                  GATEWAYS  ENCAP  MTU
                red        100  10.1.0.0/24,fd00:1::/64  10.1.0.1  vxlan  auto
                blue-long  7    10.2.0.0/16              -         gre    1400
                """);
    }

    @Test
    void leasesShowTheNetworkNameAndADashForNoHost() {
        Lease lease = lease("10.1.0.5", Optional.empty());
        String mac = lease.mac().toString();
        assertThat(printed(out -> OutputFormat.TEXT.leases(out, List.of(lease), Map.of(RED.uuid(), "red"))))
                .isEqualTo("NETWORK  ADDRESS   MAC" + " ".repeat(mac.length() - 1) + "KIND      OWNER  HOST\n"
                        + "red      10.1.0.5  " + mac + "  endpoint  web    -\n");
    }

    @Test
    void jsonLeaseHasANullHostWhenUnbound() throws Exception {
        JsonNode json = new ObjectMapper().readTree(printed(out -> OutputFormat.JSON.lease(out,
                lease("10.1.0.5", Optional.empty()), "red")));
        assertThat(json.get("host").isNull()).isTrue();
        assertThat(json.get("network").asText()).isEqualTo("red");
        JsonNode bound = new ObjectMapper().readTree(printed(out -> OutputFormat.JSON.lease(out,
                lease("10.1.0.6", Optional.of("h1")), "red")));
        assertThat(bound.get("host").asText()).isEqualTo("h1");
    }

    @Test
    void anUnknownFormatIsOneClearLine() {
        assertThatThrownBy(() -> OutputFormat.parse("yaml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown output format 'yaml': use --format text or --format json");
    }

    @Test
    void aTimeoutBelowOneSecondIsRefused() {
        assertThat(StoreOptions.timeout(3)).hasSeconds(3);
        assertThatThrownBy(() -> StoreOptions.timeout(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--timeout must be at least 1 second");
    }
}
