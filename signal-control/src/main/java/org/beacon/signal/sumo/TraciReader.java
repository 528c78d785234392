package org.beacon.signal.sumo;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict, bounds-checked reader over the body of one received TraCI message (the bytes after the
 * int32 length prefix). Every violation becomes a {@link TraciProtocolException} that says what
 * was expected, what was found and at which body offset. Not thread-safe; owned by one client.
 */
final class TraciReader
{
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private ByteBuffer body = ByteBuffer.allocate(0);
    private int commandId;
    private int commandEnd;

    void reset(final ByteBuffer body, final int commandId)
    {
        this.body = body;
        this.commandId = commandId;
        this.commandEnd = -1;
    }

    int position()
    {
        return body.position();
    }

    int remaining()
    {
        return body.remaining();
    }

    TraciProtocolException violation(final String message)
    {
        return new TraciProtocolException(commandId, message);
    }

    int ubyte(final String what)
    {
        need(1, what);
        return body.get() & 0xFF;
    }

    int int32(final String what)
    {
        need(4, what);
        return body.getInt();
    }

    double float64(final String what)
    {
        need(8, what);
        return body.getDouble();
    }

    String string(final String what)
    {
        final int at = body.position();
        final int length = int32(what + " length");
        if (length < 0)
        {
            throw violation(String.format("%s at offset %d: expected a string length >= 0, found %d", what, at, length));
        }
        if (length > body.remaining())
        {
            throw violation(String.format("%s at offset %d: string length %d exceeds the %d bytes left in the message",
                what, at, length, body.remaining()));
        }
        final ByteBuffer slice = body.slice(body.position(), length);
        body.position(body.position() + length);
        try
        {
            final CharBuffer chars = utf8.reset().decode(slice);
            return chars.toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw violation(String.format("%s at offset %d: %d bytes are not valid UTF-8", what, at, length));
        }
    }

    List<String> stringList(final String what)
    {
        final int at = body.position();
        final int count = int32(what + " count");
        // Each string needs at least its 4-byte length, which bounds the count before allocating.
        if (count < 0 || (long)count * 4 > body.remaining())
        {
            throw violation(String.format("%s at offset %d: string count %d does not fit the %d bytes left in the message",
                what, at, count, body.remaining()));
        }
        final List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            values.add(string(what + "[" + i + "]"));
        }
        return values;
    }

    void expectType(final int expected, final String what)
    {
        final int at = body.position();
        final int found = ubyte(what + " type");
        if (found != expected)
        {
            throw violation(String.format("%s at offset %d: expected type %s, found %s",
                what, at, TraciDescriptor.typeName(expected), TraciDescriptor.typeName(found)));
        }
    }

    int typedInt(final String what)
    {
        expectType(TraciDescriptor.TYPE_INTEGER, what);
        return int32(what);
    }

    /**
     * Reads a command's length field (short or long form) and remembers where the command ends.
     *
     * @return the command's total length
     */
    int commandHeader(final String what)
    {
        final int start = body.position();
        int length = ubyte(what + " length");
        int header = 1;
        if (length == 0)
        {
            length = int32(what + " extended length");
            header = 5;
        }
        // A command holds at least its length field and its id byte.
        if (length < header + 1)
        {
            throw violation(String.format("%s at offset %d: command length %d is shorter than its own header (%d bytes)",
                what, start, length, header + 1));
        }
        if (length > body.limit() - start)
        {
            throw violation(String.format("%s at offset %d: command length %d exceeds the %d bytes left in the message",
                what, start, length, body.limit() - start));
        }
        commandEnd = start + length;
        return length;
    }

    void endCommand(final String what)
    {
        if (body.position() != commandEnd)
        {
            throw violation(String.format("%s: command declared to end at offset %d but its content ended at offset %d",
                what, commandEnd, body.position()));
        }
    }

    /**
     * Reads the status command that answers every request; a non-OK status is thrown as a
     * {@link TraciException} carrying SUMO's description.
     */
    void status(final int expectedCommandId)
    {
        commandHeader("status");
        final int at = body.position();
        final int id = ubyte("status command id");
        if (id != expectedCommandId)
        {
            throw violation(String.format("status at offset %d: expected the status of command 0x%02x, found command id 0x%02x",
                at, expectedCommandId, id));
        }
        final int result = ubyte("status result");
        if (result != TraciDescriptor.RTYPE_OK && result != TraciDescriptor.RTYPE_ERR && result != TraciDescriptor.RTYPE_NOT_IMPLEMENTED)
        {
            throw violation(String.format("status at offset %d: expected result 0x00, 0x01 or 0xff, found 0x%02x", at + 1, result));
        }
        final String description = string("status description");
        endCommand("status");
        if (result != TraciDescriptor.RTYPE_OK)
        {
            // SUMO answers a failed command with its status only; anything more means we are out of step.
            endMessage("error status");
            throw new TraciException(expectedCommandId, result, description);
        }
    }

    /**
     * Reads the header of a get-command's response and checks it answers exactly what was asked.
     */
    void getResponse(final int getCommandId, final int variable, final String objectId)
    {
        commandHeader("response");
        final int at = body.position();
        final int expectedId = getCommandId + TraciDescriptor.RESPONSE_OFFSET;
        final int id = ubyte("response command id");
        if (id != expectedId)
        {
            throw violation(String.format("response at offset %d: expected response id 0x%02x, found 0x%02x", at, expectedId, id));
        }
        final int var = ubyte("response variable");
        if (var != variable)
        {
            throw violation(String.format("response at offset %d: expected variable 0x%02x, found 0x%02x", at + 1, variable, var));
        }
        final String object = string("response object id");
        if (!object.equals(objectId))
        {
            throw violation(String.format("response at offset %d: expected object id '%s', found '%s'", at + 2, objectId, object));
        }
    }

    void endMessage(final String what)
    {
        if (body.hasRemaining())
        {
            throw violation(String.format("%s: %d unexpected trailing bytes at offset %d", what, body.remaining(), body.position()));
        }
    }

    private void need(final int bytes, final String what)
    {
        if (body.remaining() < bytes)
        {
            throw violation(String.format("truncated: %s at offset %d needs %d bytes, only %d left in the message",
                what, body.position(), bytes, body.remaining()));
        }
    }
}
