package org.beacon.signal.sumo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Hand-built TraCI bytes for the fake server; independent of the client's own writer on purpose. */
final class Wire
{
    private Wire()
    {
    }

    static byte[] hex(final String spaced)
    {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(final byte[] bytes)
    {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static byte[] b(final int... values)
    {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = (byte)values[i];
        }
        return out;
    }

    static byte[] i32(final int value)
    {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static byte[] f64(final double value)
    {
        return ByteBuffer.allocate(8).putDouble(value).array();
    }

    static byte[] str(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return cat(i32(bytes.length), bytes);
    }

    static byte[] cat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A command in the short form when it fits, else the long form. */
    static byte[] cmd(final int id, final byte[] content)
    {
        final int shortLength = 2 + content.length;
        if (shortLength <= 255)
        {
            return cat(b(shortLength, id), content);
        }
        return cat(b(0), i32(6 + content.length), b(id), content);
    }

    static byte[] longCmd(final int id, final byte[] content)
    {
        return cat(b(0), i32(6 + content.length), b(id), content);
    }

    static byte[] msg(final byte[]... commands)
    {
        final byte[] body = cat(commands);
        return cat(i32(4 + body.length), body);
    }

    static byte[] ok(final int id)
    {
        return status(id, 0x00, "");
    }

    static byte[] status(final int id, final int result, final String description)
    {
        return cmd(id, cat(b(result), str(description)));
    }

    static byte[] response(final int getId, final int variable, final String objectId, final byte[] typedValue)
    {
        return cmd(getId + 0x10, cat(b(variable), str(objectId), typedValue));
    }

    /** A whole answer message to a get: OK status plus the response. */
    static byte[] getAnswer(final int getId, final int variable, final String objectId, final byte[] typedValue)
    {
        return msg(ok(getId), response(getId, variable, objectId, typedValue));
    }

    static byte[] version()
    {
        return msg(ok(0x00), cmd(0x00, cat(i32(20), str("SUMO 1.15.0"))));
    }
}
