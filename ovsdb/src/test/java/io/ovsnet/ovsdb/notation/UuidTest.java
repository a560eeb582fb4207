package io.ovsnet.ovsdb.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UuidTest {

    @Test
    void parsesTheTextFormInEitherCase() {
        UUID random = UUID.randomUUID();
        assertThat(Uuid.parse(random.toString()).value()).isEqualTo(random);
        assertThat(Uuid.parse(random.toString().toUpperCase()).value()).isEqualTo(random);
        assertThat(Uuid.parse("ffffffff-ffff-ffff-ffff-ffffffffffff").value())
                .isEqualTo(new UUID(-1L, -1L));
        assertThat(Uuid.parse("00000000-0000-0000-0000-000000000001").value()).isEqualTo(new UUID(0L, 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a1",
        "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a111",
        "36bcc3f0a9a2b-4c7a-8d64-0c4b7e1f0a11",
        "36bcc3f0-9a2b-4c7a-8d6-40c4b7e1f0a11",
        "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a1g",
        "+6bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11",
        "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a1\u0661",
        "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a1\uff41",
    })
    void refusesAnythingButThe36CharacterForm(String text) {
        assertThatThrownBy(() -> Uuid.parse(text)).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("not a UUID");
    }
}
