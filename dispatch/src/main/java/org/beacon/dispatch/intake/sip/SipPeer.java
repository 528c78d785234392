package org.beacon.dispatch.intake.sip;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

/**
 * Where a message came from and how to answer it: the UDP socket and the address responses go to
 * (RFC 3261 18.2.2 with RFC 3581 rport), or the TCP connection it arrived on. Writing is safe from
 * any thread; Netty hands the write to the channel's event loop.
 */
final class SipPeer
{
    private final Channel channel;
    private final InetSocketAddress source;
    private final InetSocketAddress responseAddress;
    private final InetSocketAddress local;
    private final boolean reliable;
    /** Dialogs (calls not yet terminated) whose requests last came on this TCP connection; gateway thread writes. */
    private final AtomicInteger dialogs;

    private SipPeer(
        final Channel channel,
        final InetSocketAddress source,
        final InetSocketAddress responseAddress,
        final InetSocketAddress local,
        final boolean reliable)
    {
        this.channel = channel;
        this.source = source;
        this.responseAddress = responseAddress;
        this.local = local;
        this.reliable = reliable;
        this.dialogs = reliable ? new AtomicInteger() : null;
    }

    static SipPeer tcp(final Channel channel)
    {
        final InetSocketAddress remote = (InetSocketAddress)channel.remoteAddress();
        return new SipPeer(channel, remote, remote, (InetSocketAddress)channel.localAddress(), true);
    }

    static SipPeer udp(final Channel channel, final InetSocketAddress source, final InetSocketAddress local)
    {
        return new SipPeer(channel, source, source, local, false);
    }

    /**
     * The peer that UDP responses to this message go to: the source address, and the source port
     * when the top Via asked for rport, else the Via's sent-by port (default 5060).
     *
     * @return this peer, or a copy aimed at the Via's port.
     */
    SipPeer forResponses(final SipMessage m)
    {
        if (reliable || m.viaRportEnd >= 0 || m.viaPort == source.getPort() ||
            null != SipText.param(m.buffer, m.valueStart[m.topVia], m.topViaEnd, "rport"))
        {
            return this;
        }
        final int port = m.viaPort > 0 ? m.viaPort : 5060;
        return new SipPeer(channel, source, new InetSocketAddress(source.getAddress(), port), local, false);
    }

    /** @return the address the message came from. */
    InetSocketAddress source()
    {
        return source;
    }

    /** @return the local address it arrived at. */
    InetSocketAddress local()
    {
        return local;
    }

    /** @return whether the transport is reliable (TCP). */
    boolean reliable()
    {
        return reliable;
    }

    /** Counts a dialog that this connection now carries (TCP only; the idle timeout spares a connection with a dialog). */
    void dialogStarted()
    {
        if (reliable)
        {
            dialogs.incrementAndGet();
        }
    }

    /** Counts a dialog that ended or moved to another connection. */
    void dialogEnded()
    {
        if (reliable)
        {
            dialogs.decrementAndGet();
        }
    }

    /** @return whether a dialog not yet terminated uses this TCP connection. */
    boolean carriesDialog()
    {
        return reliable && dialogs.get() > 0;
    }

    /** @return whether the connection (TCP) or socket (UDP) is still open. */
    boolean open()
    {
        return channel.isActive();
    }

    /** Sends bytes; they must not be changed afterwards (retransmissions reuse them). */
    void send(final byte[] bytes)
    {
        final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        if (reliable)
        {
            channel.writeAndFlush(buf, channel.voidPromise());
        }
        else
        {
            channel.writeAndFlush(new DatagramPacket(buf, responseAddress), channel.voidPromise());
        }
    }
}
