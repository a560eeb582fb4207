package io.ovsnet.ipam.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaVersionTest {
    @Test
    void comparesAsNumbersNotAsText() {
        assertThat(SchemaVersion.compare("1.0.0", "1.1.0")).isNegative();
        assertThat(SchemaVersion.compare("1.1.0", "1.1.0")).isZero();
        assertThat(SchemaVersion.compare("1.10.0", "1.9.0")).as("10 > 9, though '1' < '9'").isPositive();
        assertThat(SchemaVersion.compare("2.0.0", "1.99.99")).isPositive();
        assertThat(SchemaVersion.compare("1.1.2", "1.1.10")).isNegative();
    }

    @Test
    void refusesWhatIsNotXyz() {
        assertThatThrownBy(() -> SchemaVersion.compare("1.1", "1.1.0")).hasMessageContaining("'1.1' is not of the form");
        assertThatThrownBy(() -> SchemaVersion.compare("1.1.0", "1.x.0")).hasMessageContaining("'1.x.0'");
    }
}
