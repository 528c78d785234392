package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.beacon.core.NodeContext;
import org.junit.jupiter.api.Test;

class SipGatewayContextTest
{
    @Test
    void hasDefaultsForTheEmbeddedCenter()
    {
        final SipGatewayContext ctx = new SipGatewayContext().bindAddress("127.0.0.1").coreAddress(new NodeContext().coreAddress()).conclude();
        assertThat(ctx.port()).isEqualTo(5060);
        assertThat(ctx.udp()).isTrue();
        assertThat(ctx.tcp()).isTrue();
        assertThat(ctx.maxMessageLength()).isEqualTo(64 * 1024);
        assertThat(ctx.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(ctx.coreClientSupplier()).isNotNull();
        assertThat(ctx.sourceId()).isEqualTo(SipGatewayContext.DEFAULT_SOURCE_ID);
        assertThat(ctx.tcpPartialMessageTimeoutNs()).isEqualTo(java.util.concurrent.TimeUnit.SECONDS.toNanos(32));
        assertThat(ctx.tcpIdleTimeoutNs()).isEqualTo(java.util.concurrent.TimeUnit.MINUTES.toNanos(3));
        assertThat(ctx.maxTcpConnectionsPerAddress()).isEqualTo(64);
        assertThat(ctx.maxTcpConnections()).isEqualTo(10_000);
    }

    @Test
    void refusesInvalidSettingsInOneStep()
    {
        assertThatThrownBy(() -> new SipGatewayContext().conclude()).hasMessageContaining("CoreAddress or a CoreClient supplier");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).port(70000).conclude())
            .hasMessageContaining("port");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).udp(false).tcp(false).conclude())
            .hasMessageContaining("UDP and TCP");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).maxMessageLength(1 << 20).conclude())
            .hasMessageContaining("maxMessageLength");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).instanceId(16).conclude())
            .hasMessageContaining("instanceId");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).mediaPorts(100, 50).conclude())
            .hasMessageContaining("media ports");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).tcpIdleTimeoutNs(0).conclude())
            .hasMessageContaining("idle timeouts");
        assertThatThrownBy(() -> new SipGatewayContext().coreAddress(new NodeContext().coreAddress()).maxTcpConnections(10)
            .maxTcpConnectionsPerAddress(11).conclude()).hasMessageContaining("maxTcpConnectionsPerAddress");
    }
}
