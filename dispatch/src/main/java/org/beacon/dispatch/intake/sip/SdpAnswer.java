package org.beacon.dispatch.intake.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The media part of the gateway's SDP answer (RFC 3264) to a caller's offer (RFC 4566). Media
 * itself is out of scope for the center's software, but an answered emergency call must look like
 * one to the network: the first usable audio stream is accepted on a real, non-zero port with the
 * offered codecs the gateway declares (PCMU, PCMA, G.722, AMR, AMR-WB, telephone-event) in the
 * offered order, and every other stream is declined with port 0. An offer that is not SDP, or
 * has no audio the gateway can take, is refused by the caller of {@link #fromOffer} with 488.
 */
final class SdpAnswer
{
    private static final int MAX_MEDIA = 16;
    private static final int MAX_FORMATS = 64;
    private static final String[] VOICE = {"PCMU", "PCMA", "G722", "AMR", "AMR-WB"};
    private static final String DTMF = "telephone-event";

    private static final SdpAnswer DEFAULT_OFFER = new SdpAnswer(null, "m=audio ",
        " RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\na=sendrecv\r\n");

    private final String error;
    private final String head;
    private final String tail;

    private SdpAnswer(final String error, final String head, final String tail)
    {
        this.error = error;
        this.head = head;
        this.tail = tail;
    }

    /** @return what the gateway offers when an INVITE carries no offer (the answer then comes in the ACK). */
    static SdpAnswer defaultOffer()
    {
        return DEFAULT_OFFER;
    }

    /** @return why the offer cannot be answered (the 488 reason phrase), or null. */
    String error()
    {
        return error;
    }

    /**
     * The whole SDP body.
     *
     * @param sessionId the o= session id (stays the same for the dialog).
     * @param version   the o= version (grows with each new answer in the dialog).
     * @param address   the media address.
     * @param port      the audio port, never 0.
     * @return the body bytes.
     */
    byte[] body(final long sessionId, final int version, final String address, final int port)
    {
        final String type = address.indexOf(':') >= 0 ? "IP6" : "IP4";
        final String sdp = "v=0\r\no=beacon " + sessionId + " " + version + " IN " + type + " " + address + "\r\n" +
            "s=Beacon 112\r\nc=IN " + type + " " + address + "\r\nt=0 0\r\n" + head + port + tail;
        return sdp.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads an offer and prepares the answer.
     *
     * @param b     message bytes.
     * @param start of the SDP.
     * @param end   of the SDP.
     * @return the answer; check {@link #error()}.
     */
    static SdpAnswer fromOffer(final byte[] b, final int start, final int end)
    {
        final String[] lines = lines(b, start, end);
        final int count = lines.length;
        if (count == 0 || !"v=0".equals(lines[0]))
        {
            return refused("Malformed SDP: no v=0");
        }
        boolean origin = false;
        boolean name = false;
        boolean timing = false;
        boolean sessionConnection = false;
        String sessionDirection = "sendrecv";
        final List<Media> media = new ArrayList<>(2);
        Media current = null;
        for (int i = 1; i < count; i++)
        {
            final String line = lines[i];
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z')
            {
                return refused("Malformed SDP line");
            }
            final char type = line.charAt(0);
            final String value = line.substring(2);
            if (type == 'm')
            {
                if (media.size() == MAX_MEDIA)
                {
                    return refused("Too Many SDP Media");
                }
                current = Media.parse(value);
                if (null == current)
                {
                    return refused("Malformed SDP m= line");
                }
                media.add(current);
            }
            else if (null == current)
            {
                origin |= type == 'o';
                name |= type == 's';
                timing |= type == 't';
                sessionConnection |= type == 'c';
                if (type == 'a' && isDirection(value))
                {
                    sessionDirection = value;
                }
            }
            else
            {
                current.attribute(type, value);
            }
        }
        if (!origin || !name || !timing)
        {
            return refused("Malformed SDP: o=, s= and t= are required");
        }
        if (media.isEmpty())
        {
            return refused("No Media In SDP Offer");
        }
        return answer(media, sessionDirection, sessionConnection);
    }

    /** @return the lines of an SDP body, without their CR and without the empty lines at its end. */
    private static String[] lines(final byte[] b, final int start, final int end)
    {
        final String text = new String(b, start, end - start, StandardCharsets.UTF_8);
        // single-character splits take String's fast path (no regular expression)
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r')
            {
                lines[i] = line.substring(0, line.length() - 1);
            }
        }
        int count = lines.length;
        while (count > 0 && lines[count - 1].isEmpty())
        {
            count--;
        }
        return count == lines.length ? lines : Arrays.copyOf(lines, count);
    }

    /**
     * The answer to a parsed offer: the first usable audio stream with the codecs kept, every other stream refused
     * (port 0), in the offer's order.
     */
    private static SdpAnswer answer(final List<Media> media, final String sessionDirection, final boolean sessionConnection)
    {
        final StringBuilder head = new StringBuilder(64);
        final StringBuilder tail = new StringBuilder(256);
        StringBuilder out = head;
        boolean chosen = false;
        for (final Media m : media)
        {
            if (!chosen && m.usableAudio(sessionConnection))
            {
                final List<String> kept = m.keptFormats();
                if (hasVoice(m, kept))
                {
                    chosen = true;
                    out.append("m=audio ");
                    out = tail;
                    appendAudio(out, m, kept, sessionDirection);
                    continue;
                }
            }
            out.append("m=").append(m.media).append(" 0 ").append(m.proto).append(' ').append(m.formats.get(0)).append("\r\n");
        }
        if (!chosen)
        {
            return refused("No Common Audio Codec");
        }
        return new SdpAnswer(null, head.toString(), tail.toString());
    }

    /** Appends the rest of the answer's audio m= line (after its port) and its attributes. */
    private static void appendAudio(final StringBuilder out, final Media m, final List<String> kept, final String sessionDirection)
    {
        out.append(" RTP/AVP");
        for (final String pt : kept)
        {
            out.append(' ').append(pt);
        }
        out.append("\r\n");
        for (final String pt : kept)
        {
            out.append("a=rtpmap:").append(pt).append(' ').append(m.rtpmap(pt)).append("\r\n");
            final String fmtp = m.fmtp.get(pt);
            if (null != fmtp)
            {
                out.append("a=fmtp:").append(pt).append(' ').append(fmtp).append("\r\n");
            }
        }
        out.append("a=").append(answerDirection(null == m.direction ? sessionDirection : m.direction)).append("\r\n");
    }

    private static boolean hasVoice(final Media m, final List<String> kept)
    {
        for (final String pt : kept)
        {
            if (!m.encoding(pt).equalsIgnoreCase(DTMF))
            {
                return true;
            }
        }
        return false;
    }

    private static SdpAnswer refused(final String reason)
    {
        return new SdpAnswer(reason, null, null);
    }

    private static boolean isDirection(final String value)
    {
        return "sendrecv".equals(value) || "sendonly".equals(value) || "recvonly".equals(value) || "inactive".equals(value);
    }

    private static String answerDirection(final String offered)
    {
        switch (offered)
        {
            case "sendonly":
                return "recvonly";
            case "recvonly":
                return "sendonly";
            case "inactive":
                return "inactive";
            default:
                return "sendrecv";
        }
    }

    /** One m= section of the offer. */
    private static final class Media
    {
        final String media;
        final int port;
        final String proto;
        final List<String> formats;
        final java.util.Map<String, String> rtpmaps = new java.util.HashMap<>();
        final java.util.Map<String, String> fmtp = new java.util.HashMap<>();
        String direction;
        boolean connection;

        private Media(final String media, final int port, final String proto, final List<String> formats)
        {
            this.media = media;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
        }

        static Media parse(final String value)
        {
            final List<String> fieldList = new ArrayList<>(8);
            for (final String field : value.split(" "))
            {
                if (!field.isEmpty())
                {
                    fieldList.add(field);
                }
            }
            if (fieldList.size() < 4 || fieldList.size() > 3 + MAX_FORMATS)
            {
                return null;
            }
            final String[] fields = fieldList.toArray(new String[0]);
            final String portField = fields[1];
            final int slash = portField.indexOf('/');
            final int port;
            try
            {
                port = Integer.parseInt(slash < 0 ? portField : portField.substring(0, slash));
            }
            catch (final NumberFormatException ex)
            {
                return null;
            }
            if (port < 0 || port > 65535)
            {
                return null;
            }
            final List<String> formats = new ArrayList<>(fields.length - 3);
            for (int i = 3; i < fields.length; i++)
            {
                formats.add(fields[i]);
            }
            return new Media(fields[0], port, fields[2], formats);
        }

        void attribute(final char type, final String value)
        {
            if (type == 'c')
            {
                connection = true;
            }
            else if (type == 'a')
            {
                if (value.startsWith("rtpmap:"))
                {
                    final int space = value.indexOf(' ');
                    if (space > 7)
                    {
                        rtpmaps.put(value.substring(7, space), value.substring(space + 1).trim());
                    }
                }
                else if (value.startsWith("fmtp:"))
                {
                    final int space = value.indexOf(' ');
                    if (space > 5)
                    {
                        fmtp.put(value.substring(5, space), value.substring(space + 1).trim());
                    }
                }
                else if (isDirection(value))
                {
                    direction = value;
                }
            }
        }

        boolean usableAudio(final boolean sessionConnection)
        {
            return "audio".equals(media) && port != 0 && "RTP/AVP".equalsIgnoreCase(proto) && (connection || sessionConnection);
        }

        /** @return the encoding name of a payload type: from its rtpmap, or the static table. */
        String encoding(final String pt)
        {
            final String map = rtpmaps.get(pt);
            if (null != map)
            {
                final int slash = map.indexOf('/');
                return slash < 0 ? map : map.substring(0, slash);
            }
            switch (pt)
            {
                case "0":
                    return "PCMU";
                case "8":
                    return "PCMA";
                case "9":
                    return "G722";
                default:
                    return "";
            }
        }

        String rtpmap(final String pt)
        {
            final String map = rtpmaps.get(pt);
            return null != map ? map : encoding(pt) + "/8000";
        }

        List<String> keptFormats()
        {
            final List<String> kept = new ArrayList<>(formats.size());
            for (final String pt : formats)
            {
                final String encoding = encoding(pt).toUpperCase(Locale.ROOT);
                boolean supported = encoding.equalsIgnoreCase(DTMF);
                for (final String voice : VOICE)
                {
                    supported |= voice.equals(encoding);
                }
                if (supported && !kept.contains(pt))
                {
                    kept.add(pt);
                }
            }
            return kept;
        }
    }
}
