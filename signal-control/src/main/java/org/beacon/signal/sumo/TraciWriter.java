package org.beacon.signal.sumo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds one outgoing TraCI command into reusable buffers: the content first, then the framed
 * message, because the length prefixes can only be written once the content size is known.
 * Not thread-safe; owned by one {@link TraciClient}.
 */
final class TraciWriter
{
    private ByteBuffer content = ByteBuffer.allocate(512);
    private ByteBuffer frame = ByteBuffer.allocate(512);

    TraciWriter begin()
    {
        content.clear();
        return this;
    }

    TraciWriter ubyte(final int value)
    {
        ensure(1).put((byte)value);
        return this;
    }

    TraciWriter int32(final int value)
    {
        ensure(4).putInt(value);
        return this;
    }

    TraciWriter float64(final double value)
    {
        ensure(8).putDouble(value);
        return this;
    }

    TraciWriter string(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length).putInt(bytes.length).put(bytes);
        return this;
    }

    TraciWriter stringList(final List<String> values)
    {
        int32(values.size());
        for (final String value : values)
        {
            string(value);
        }
        return this;
    }

    TraciWriter typedString(final String value)
    {
        return ubyte(TraciDescriptor.TYPE_STRING).string(value);
    }

    TraciWriter typedInt(final int value)
    {
        return ubyte(TraciDescriptor.TYPE_INTEGER).int32(value);
    }

    TraciWriter typedStringList(final List<String> values)
    {
        return ubyte(TraciDescriptor.TYPE_STRINGLIST).stringList(values);
    }

    TraciWriter compound(final int items)
    {
        return ubyte(TraciDescriptor.TYPE_COMPOUND).int32(items);
    }

    TraciWriter color(final int r, final int g, final int b, final int a)
    {
        checkUbyte(r, "red");
        checkUbyte(g, "green");
        checkUbyte(b, "blue");
        checkUbyte(a, "alpha");
        return ubyte(TraciDescriptor.TYPE_COLOR).ubyte(r).ubyte(g).ubyte(b).ubyte(a);
    }

    /**
     * Frames the content built since {@link #begin()} as one command in one message.
     *
     * @return the message bytes, valid until the next {@link #begin()}; position 0, limit = length
     */
    ByteBuffer frame(final int commandId)
    {
        final int contentLength = content.position();
        final int shortLength = 2 + contentLength;
        final boolean shortForm = shortLength <= TraciDescriptor.MAX_SHORT_COMMAND_LENGTH;
        final int commandLength = shortForm ? shortLength : 1 + 4 + 1 + contentLength;
        final int messageLength = TraciDescriptor.MESSAGE_LENGTH_BYTES + commandLength;
        if (frame.capacity() < messageLength)
        {
            frame = ByteBuffer.allocate(Math.max(messageLength, frame.capacity() * 2));
        }
        frame.clear();
        frame.putInt(messageLength);
        if (shortForm)
        {
            frame.put((byte)commandLength);
        }
        else
        {
            frame.put((byte)0).putInt(commandLength);
        }
        frame.put((byte)commandId);
        frame.put(content.array(), 0, contentLength);
        frame.flip();
        return frame;
    }

    private ByteBuffer ensure(final int bytes)
    {
        if (content.remaining() < bytes)
        {
            final ByteBuffer bigger = ByteBuffer.allocate(Math.max(content.capacity() * 2, content.position() + bytes));
            content.flip();
            bigger.put(content);
            content = bigger;
        }
        return content;
    }

    private static void checkUbyte(final int value, final String what)
    {
        if (value < 0 || value > 255)
        {
            throw new IllegalArgumentException(what + " must be 0..255, was " + value);
        }
    }
}
