package org.beacon.dispatch.intake.aml;

import io.netty.channel.Channel;

/** A validated AML message waiting for the core to journal it, with the connection to answer on. */
final class AmlRequest
{
    private final AmlMessage message;
    final Channel channel;
    final boolean keepAlive;

    AmlRequest(final AmlMessage message, final Channel channel, final boolean keepAlive)
    {
        this.message = message;
        this.channel = channel;
        this.keepAlive = keepAlive;
    }

    AmlMessage message()
    {
        return message;
    }
}
