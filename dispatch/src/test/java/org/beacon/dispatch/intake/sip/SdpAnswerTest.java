package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SdpAnswerTest
{
    private static final String OFFER =
        "v=0\r\n" +
        "o=caller 53655765 2353687637 IN IP4 192.0.2.10\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.10\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 18 0 8 97 101\r\n" +
        "a=rtpmap:18 G729/8000\r\n" +
        "a=rtpmap:97 AMR-WB/16000/1\r\n" +
        "a=fmtp:97 mode-change-capability=2;max-red=0\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-15\r\n" +
        "a=sendonly\r\n" +
        "m=video 51372 RTP/AVP 99\r\n" +
        "a=rtpmap:99 H264/90000\r\n";

    private static SdpAnswer answer(final String offer)
    {
        final byte[] b = offer.getBytes(StandardCharsets.US_ASCII);
        return SdpAnswer.fromOffer(b, 0, b.length);
    }

    @Test
    void keepsTheOfferedCodecsItDeclaresInOrderOnARealPortAndDeclinesTheRest()
    {
        final SdpAnswer answer = answer(OFFER);
        assertThat(answer.error()).isNull();
        final String sdp = new String(answer.body(77, 1, "198.51.100.1", 20000), StandardCharsets.US_ASCII);
        assertThat(sdp).startsWith("v=0\r\no=beacon 77 1 IN IP4 198.51.100.1\r\ns=Beacon 112\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n");
        assertThat(sdp).contains("m=audio 20000 RTP/AVP 0 8 97 101\r\n");
        assertThat(sdp).contains("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:97 AMR-WB/16000/1\r\n");
        assertThat(sdp).contains("a=fmtp:97 mode-change-capability=2;max-red=0\r\n");
        assertThat(sdp).contains("a=fmtp:101 0-15\r\n");
        assertThat(sdp).doesNotContain("G729");
        assertThat(sdp).contains("a=recvonly\r\n");
        assertThat(sdp).endsWith("m=video 0 RTP/AVP 99\r\n");
    }

    @Test
    void acceptsBareLineFeedsAndIpv6()
    {
        final SdpAnswer answer = answer(OFFER.replace("\r\n", "\n"));
        assertThat(answer.error()).isNull();
        assertThat(new String(answer.body(1, 2, "2001:db8::5", 20002), StandardCharsets.US_ASCII)).contains("c=IN IP6 2001:db8::5\r\n");
    }

    @Test
    void refusesOffersItCannotAnswer()
    {
        assertThat(answer("hello").error()).isEqualTo("Malformed SDP: no v=0");
        assertThat(answer(OFFER.replace("s=-\r\n", "")).error()).isEqualTo("Malformed SDP: o=, s= and t= are required");
        assertThat(answer(OFFER.replace("m=audio 49170 RTP/AVP 18 0 8 97 101", "m=audio 49170 RTP/AVP 18")).error())
            .isEqualTo("No Common Audio Codec");
        assertThat(answer(OFFER.replace("m=audio 49170 RTP/AVP 18 0 8 97 101", "m=audio 49170 RTP/AVP 101")).error())
            .isEqualTo("No Common Audio Codec");
        assertThat(answer(OFFER.replace("m=audio 49170 RTP/AVP", "m=audio 0 RTP/AVP")).error()).isEqualTo("No Common Audio Codec");
        assertThat(answer(OFFER.replace("m=audio 49170 RTP/AVP", "m=audio 49170 RTP/SAVP")).error()).isEqualTo("No Common Audio Codec");
        assertThat(answer(OFFER.replace("m=audio 49170", "m=audio x")).error()).isEqualTo("Malformed SDP m= line");
        assertThat(answer(OFFER.replace("t=0 0", "garbage")).error()).isEqualTo("Malformed SDP line");
        assertThat(answer("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n").error()).isEqualTo("No Media In SDP Offer");
    }

    @Test
    void offersItsOwnCodecsWhenTheInviteHadNoOffer()
    {
        final String sdp = new String(SdpAnswer.defaultOffer().body(5, 1, "198.51.100.1", 30000), StandardCharsets.US_ASCII);
        assertThat(sdp).contains("m=audio 30000 RTP/AVP 0 8 101\r\n").contains("a=sendrecv\r\n");
    }
}
