package io.ovsnet.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field access of plugin request bodies: what is missing or mistyped is a 400 naming the field. */
class BodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Body body(String json) throws Exception {
        return new Body("/NetworkDriver.Join", JSON.readTree(json));
    }

    @Test
    void requiredFieldsMustBeNonEmptyStrings() throws Exception {
        Body body = body("{\"EndpointID\":\"abc\",\"Empty\":\"\",\"Number\":5}");
        assertThat(body.required("EndpointID")).isEqualTo("abc");
        for (String field : new String[] {"Missing", "Empty"}) {
            assertThatThrownBy(() -> body.required(field)).isInstanceOfSatisfying(PluginException.class, e -> {
                assertThat(e.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
                assertThat(e.getMessage()).contains("/NetworkDriver.Join").contains(field);
            });
        }
        assertThatThrownBy(() -> body.required("Number")).isInstanceOf(PluginException.class)
                .hasMessageContaining("must be a string");
    }

    @Test
    void optionalFieldsTreatNullAndEmptyAsAbsent() throws Exception {
        Body body = body("{\"A\":null,\"B\":\"\",\"C\":\"x\"}");
        assertThat(body.optional("A")).isEmpty();
        assertThat(body.optional("B")).isEmpty();
        assertThat(body.optional("C")).contains("x");
        assertThat(body.optional("D")).isEmpty();
    }

    @Test
    void objectsAndFlagsAreCheckedForTheirType() throws Exception {
        Body body = body("{\"Options\":{\"ovsnet.network\":\"blue\",\"n\":1},\"V6\":true,\"Bad\":\"yes\",\"List\":[1]}");
        assertThat(body.strings("Options")).isEqualTo(Map.of("ovsnet.network", "blue"));
        assertThat(body.strings("Absent")).isEmpty();
        assertThat(body.flag("V6")).isTrue();
        assertThat(body.flag("Absent")).isFalse();
        assertThatThrownBy(() -> body.flag("Bad")).isInstanceOf(PluginException.class).hasMessageContaining("Bad");
        assertThatThrownBy(() -> body.object("List")).isInstanceOf(PluginException.class)
                .hasMessageContaining("must be an object");
    }

    @Test
    void onlyNotReadyIsRetryable() {
        assertThat(PluginException.notReady("x").isRetryable()).isTrue();
        assertThat(PluginException.failed("x").isRetryable()).isFalse();
        assertThat(PluginException.badRequest("x").isRetryable()).isFalse();
    }
}
