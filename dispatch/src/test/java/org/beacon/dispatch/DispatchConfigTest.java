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
            new DispatchConfig(80, TimeUnit.MINUTES.toNanos(10), 40, 3));
    }

    @Test
    void rejectsOutOfRangeValues()
    {
        assertThatThrownBy(() -> new DispatchConfig(-1, 0, 40, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchConfig(200, -1, 40, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchConfig(200, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchConfig(200, 0, 40, 255)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOutOfRangeNewValues()
    {
        final ConfigBuilder threshold = new ConfigBuilder();
        threshold.nuisanceCallThreshold = DispatchConfig.MAX_NUISANCE_CALL_THRESHOLD + 1;
        assertThatThrownBy(threshold::build).isInstanceOf(IllegalArgumentException.class);
        final ConfigBuilder aging = new ConfigBuilder();
        aging.fixAgingMmPerS = -1;
        assertThatThrownBy(aging::build).isInstanceOf(IllegalArgumentException.class);
        final ConfigBuilder pending = new ConfigBuilder();
        pending.maxPendingFixes = -1;
        assertThatThrownBy(pending::build).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callerHistoryIsKeptAsLongAsTheLongestRuleLooksAtIt()
    {
        assertThat(DispatchConfig.DEFAULT.callerRetentionNs()).isEqualTo(TimeUnit.HOURS.toNanos(1));
        final ConfigBuilder config = new ConfigBuilder();
        config.callMatchWindowNs = TimeUnit.MINUTES.toNanos(1);
        assertThat(config.build().callerRetentionNs()).isEqualTo(TimeUnit.MINUTES.toNanos(10));
    }
}
