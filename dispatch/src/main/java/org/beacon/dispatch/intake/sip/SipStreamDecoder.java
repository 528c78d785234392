package org.beacon.dispatch.intake.sip;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Frames SIP messages on a TCP connection (RFC 3261 18.3): the header section up to the empty
 * line, then exactly Content-Length bytes of body. Answers RFC 5626 keep-alive pings (CRLF CRLF)
 * with a pong (CRLF). A message over the size limit is passed on as its header section only, flagged,
 * so that it can be answered 413, and its body is skipped; a connection that sends bytes that are
 * not SIP at all gets one bare 400 and is closed. A message whose first byte arrived more than the partial-message
 * timeout ago and that is still not complete (a peer that trickles or stops half-way) closes the connection: a
 * per-connection timer runs while bytes of an unfinished message are held, and is cancelled when it is framed.
 */
final class SipStreamDecoder extends ByteToMessageDecoder
{
    /** Longest first line read before deciding the input is not SIP. */
    static final int MAX_START_LINE = 8192;
    /** Largest oversize body skipped to keep the connection; beyond this it is closed. */
    static final int MAX_SKIPPED_BODY = 16 * 1024 * 1024;
    private static final byte[] PONG = {'\r', '\n'};
    private static final byte[] NOT_SIP = "SIP/2.0 400 Not A SIP Message\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADERS_TOO_LARGE =
        "SIP/2.0 513 Message Too Large\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A framed message. */
    static final class Frame
    {
        final byte[] bytes;
        final boolean oversize;

        Frame(final byte[] bytes, final boolean oversize)
        {
            this.bytes = bytes;
            this.oversize = oversize;
        }
    }

    private final int maxMessageLength;
    private final long partialTimeoutNs;
    private final SipCounters counters;
    private long bytesToSkip;
    private boolean poisoned;
    private ScheduledFuture<?> partialTimer;

    SipStreamDecoder(final int maxMessageLength, final long partialTimeoutNs, final SipCounters counters)
    {
        this.maxMessageLength = maxMessageLength;
        this.partialTimeoutNs = partialTimeoutNs;
        this.counters = counters;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        final int framed = out.size();
        decodeOne(ctx, in, out);
        if (out.size() > framed)
        {
            cancelPartialTimer();
        }
        if (!poisoned && (in.isReadable() || bytesToSkip > 0))
        {
            // an unfinished message is held: it has the partial-message timeout from now to complete
            if (null == partialTimer)
            {
                partialTimer = ctx.executor().schedule(() -> onPartialTimeout(ctx), partialTimeoutNs, TimeUnit.NANOSECONDS);
            }
        }
        else if (out.size() == framed)
        {
            cancelPartialTimer();
        }
    }

    private void onPartialTimeout(final ChannelHandlerContext ctx)
    {
        partialTimer = null;
        if (!poisoned && ctx.channel().isActive())
        {
            counters.tcpPartialTimeouts.incrementAndGet();
            poisoned = true;
            ctx.close();
        }
    }

    private void cancelPartialTimer()
    {
        if (null != partialTimer)
        {
            partialTimer.cancel(false);
            partialTimer = null;
        }
    }

    @Override
    protected void handlerRemoved0(final ChannelHandlerContext ctx)
    {
        cancelPartialTimer();
    }

    private void decodeOne(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        if (poisoned)
        {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (bytesToSkip > 0)
        {
            final int skip = (int)Math.min(bytesToSkip, in.readableBytes());
            in.skipBytes(skip);
            bytesToSkip -= skip;
            if (bytesToSkip > 0)
            {
                return;
            }
        }
        skipKeepAlives(ctx, in);
        final int start = in.readerIndex();
        final int readable = in.readableBytes();
        if (readable == 0)
        {
            return;
        }
        final int firstLineEnd = firstLineEnd(in, start, readable);
        if (firstLineEnd == -2)
        {
            poison(ctx, in, NOT_SIP, true);
            return;
        }
        if (firstLineEnd < 0)
        {
            return;
        }
        final int headerEnd = headerEnd(in, start, Math.min(readable, maxMessageLength));
        if (headerEnd < 0)
        {
            if (readable >= maxMessageLength)
            {
                counters.tooLarge.incrementAndGet();
                poison(ctx, in, HEADERS_TOO_LARGE, false);
            }
            return;
        }
        final int headerLength = headerEnd - start;
        final long contentLength = contentLength(in, start, headerEnd);
        if (contentLength < 0)
        {
            // missing or malformed: the parser will answer 400 from the header section alone
            out.add(frame(in, headerLength, false));
            return;
        }
        if (headerLength + contentLength > maxMessageLength)
        {
            if (contentLength > MAX_SKIPPED_BODY)
            {
                // answered 413 from its headers like any oversized message, but too big to skip: the connection goes
                out.add(frame(in, headerLength, true));
                poisoned = true;
                ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
                return;
            }
            out.add(frame(in, headerLength, true));
            bytesToSkip = contentLength;
            return;
        }
        if (readable < headerLength + contentLength)
        {
            return;
        }
        out.add(frame(in, (int)(headerLength + contentLength), false));
    }

    private static Frame frame(final ByteBuf in, final int length, final boolean oversize)
    {
        final byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return new Frame(bytes, oversize);
    }

    private static void skipKeepAlives(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        while (in.readableBytes() >= 2 && in.getByte(in.readerIndex()) == '\r' && in.getByte(in.readerIndex() + 1) == '\n')
        {
            if (in.readableBytes() >= 4 && in.getByte(in.readerIndex() + 2) == '\r' && in.getByte(in.readerIndex() + 3) == '\n')
            {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
                in.skipBytes(4);
            }
            else
            {
                in.skipBytes(2);
            }
        }
    }

    /** @return the index of the CR ending the first line, -1 when not yet there, -2 when the bytes are not SIP. */
    private static int firstLineEnd(final ByteBuf in, final int start, final int readable)
    {
        final int limit = Math.min(readable, MAX_START_LINE);
        for (int i = 0; i < limit; i++)
        {
            final byte b = in.getByte(start + i);
            if (b == '\r')
            {
                return start + i;
            }
            if (b < 0x20 || b > 0x7E)
            {
                return -2;
            }
        }
        return readable >= MAX_START_LINE ? -2 : -1;
    }

    /** @return the index just after the empty line ending the header section, or -1. */
    private static int headerEnd(final ByteBuf in, final int start, final int limit)
    {
        for (int i = start, end = start + limit - 3; i < end; i++)
        {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n')
            {
                return i + 4;
            }
        }
        return -1;
    }

    /** @return the Content-Length value, or -1 when missing or malformed. */
    private static long contentLength(final ByteBuf in, final int start, final int end)
    {
        int line = start;
        while (line < end)
        {
            int lineEnd = line;
            while (lineEnd + 1 < end && !(in.getByte(lineEnd) == '\r' && in.getByte(lineEnd + 1) == '\n'))
            {
                lineEnd++;
            }
            final int colon = in.indexOf(line, lineEnd, (byte)':');
            if (colon > line)
            {
                int nameEnd = colon;
                while (nameEnd > line && SipText.isWhitespace(in.getByte(nameEnd - 1)))
                {
                    nameEnd--;
                }
                if (isContentLength(in, line, nameEnd))
                {
                    long value = 0;
                    int digits = 0;
                    for (int i = colon + 1; i < lineEnd; i++)
                    {
                        final byte b = in.getByte(i);
                        if (b >= '0' && b <= '9')
                        {
                            if (++digits > 9)
                            {
                                return -1;
                            }
                            value = value * 10 + (b - '0');
                        }
                        else if (!SipText.isWhitespace(b))
                        {
                            return -1;
                        }
                    }
                    return digits == 0 ? -1 : value;
                }
            }
            line = lineEnd + 2;
        }
        return -1;
    }

    private static boolean isContentLength(final ByteBuf in, final int start, final int end)
    {
        final String name = "content-length";
        if (end - start == 1)
        {
            return (in.getByte(start) | 0x20) == 'l';
        }
        if (end - start != name.length())
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (SipHeaders.lower(in.getByte(start + i)) != name.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Answers and stops reading the connection. The write side is shut after the answer so the peer
     * reads it before the close (closing with unread input would reset the connection).
     */
    private void poison(final ChannelHandlerContext ctx, final ByteBuf in, final byte[] answer, final boolean notSip)
    {
        if (notSip)
        {
            counters.notSip.incrementAndGet();
        }
        poisoned = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener((ChannelFutureListener)future ->
        {
            if (ctx.channel() instanceof DuplexChannel)
            {
                ((DuplexChannel)ctx.channel()).shutdownOutput();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), 5, TimeUnit.SECONDS);
    }

    /** Stops framing after the handler found the input is not SIP, answers it with a bare 400 and closes. */
    void rejectNotSip(final ChannelHandlerContext ctx)
    {
        poisoned = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(NOT_SIP)).addListener((ChannelFutureListener)future ->
        {
            if (ctx.channel() instanceof DuplexChannel)
            {
                ((DuplexChannel)ctx.channel()).shutdownOutput();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), 5, TimeUnit.SECONDS);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (!(evt instanceof ChannelOutputShutdownEvent))
        {
            super.userEventTriggered(ctx, evt);
        }
    }
}
