package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DispatchConfigTest
{
    @Test
    void defaults()
    {
        assertThat(new DispatchService().config()).isEqualTo(
            new DispatchConfig(200, TimeUnit.MINUTES.toNanos(10), 40, 3));
    }

    @Test
    void rejectsOutOfRangeValues()
    {
        assertThatThrownBy(() -> new DispatchConfig(-1, 0, 40, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchConfig(200, -1, 40, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchConfig(200, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchConfig(200, 0, 40, 255)).isInstanceOf(IllegalArgumentException.class);
    }
}
