package org.beacon.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Carries one snapshot (any length) through the cluster's snapshot stream: a first message holding the total length,
 * then the bytes in messages of at most the publication's largest payload.
 */
final class SnapshotImages
{
    private static final int FRAGMENT_LIMIT = 16;

    private SnapshotImages()
    {
    }

    /** Offers the snapshot, waiting out back pressure. */
    static void write(final ExclusivePublication publication, final DirectBuffer bytes, final int length, final IdleStrategy idle)
    {
        final UnsafeBuffer lengthBuffer = new UnsafeBuffer(new byte[Integer.BYTES]);
        lengthBuffer.putInt(0, length);
        offer(publication, lengthBuffer, 0, Integer.BYTES, idle);
        final int chunk = publication.maxPayloadLength();
        for (int at = 0; at < length; at += chunk)
        {
            offer(publication, bytes, at, Math.min(chunk, length - at), idle);
        }
    }

    private static void offer(
        final ExclusivePublication publication, final DirectBuffer buffer, final int offset, final int length, final IdleStrategy idle)
    {
        idle.reset();
        while (true)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("the snapshot stream refused the snapshot: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    /** Reads a snapshot {@link #write} wrote; throws when the stream ends first. */
    static DirectBuffer read(final Image image, final IdleStrategy idle)
    {
        final Reader reader = new Reader();
        idle.reset();
        while (!reader.done())
        {
            final int fragments = image.poll(reader, FRAGMENT_LIMIT);
            if (0 == fragments)
            {
                if (image.isClosed() || image.isEndOfStream())
                {
                    throw new IllegalStateException("the snapshot ended after " + reader.read + " of " + reader.length + " bytes");
                }
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
        return new UnsafeBuffer(reader.bytes, 0, reader.length);
    }

    private static final class Reader implements FragmentHandler
    {
        int length = -1;
        int read;
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(64 * 1024);

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int fragmentLength,
            final io.aeron.logbuffer.Header header)
        {
            if (length < 0)
            {
                length = buffer.getInt(offset);
                return;
            }
            bytes.putBytes(read, buffer, offset, fragmentLength);
            read += fragmentLength;
        }

        boolean done()
        {
            return length >= 0 && read >= length;
        }
    }
}
