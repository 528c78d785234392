package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.junit.jupiter.api.Test;

class GeolocationHeaderTest
{
    @Test
    void cidAndReferenceEntriesWithParameters()
    {
        final GeolocationHeader header = GeolocationHeader.parse(
            "<cid:target123@ims.example.vn>;inserted-by=\"sip:pcscf.example.vn\", <https://lis.example.vn/loc/8a7b?x=1>;used-for-routing");
        assertThat(header.error()).isNull();
        assertThat(header.entries()).hasSize(2);
        assertThat(header.cidReferences()).containsExactly("target123@ims.example.vn");
        assertThat(header.byReferenceUris()).containsExactly("https://lis.example.vn/loc/8a7b?x=1");
        assertThat(header.entries().get(0).parameters()).containsEntry("inserted-by", "sip:pcscf.example.vn");
        assertThat(header.entries().get(1).parameters()).containsEntry("used-for-routing", "");
        assertThat(GeolocationHeader.matchesContentId("target123@ims.example.vn", " <target123@ims.example.vn> ")).isTrue();
        assertThat(GeolocationHeader.matchesContentId("target123@ims.example.vn", "<other@ims.example.vn>")).isFalse();

        final ParsedLocation byReference = header.byReferenceLocation();
        assertThat(byReference.quality()).isEqualTo(LocationQuality.BY_REFERENCE);
        assertThat(byReference.problem()).isEqualTo(LocationProblem.BY_REFERENCE_ONLY);
        assertThat(byReference.reference()).isEqualTo("https://lis.example.vn/loc/8a7b?x=1");
    }

    @Test
    void sipAndPresReferencesAndEncodedCid()
    {
        final GeolocationHeader header = GeolocationHeader.parse("<sips:3sdefrhy2jj7@lis.example.vn;transport=tls>," +
            "<pres:caller@example.vn>,<cid:abc%40def>");
        assertThat(header.byReferenceUris()).containsExactly("sips:3sdefrhy2jj7@lis.example.vn;transport=tls", "pres:caller@example.vn");
        assertThat(header.cidReferences()).containsExactly("abc@def");
        assertThat(GeolocationHeader.parse("<cid:only@x>").byReferenceLocation()).isNull();
    }

    @Test
    void brokenValuesKeepWhatParsedAndSayWhy()
    {
        assertThat(GeolocationHeader.parse(null).entries()).isEmpty();
        assertThat(GeolocationHeader.parse("   ").error()).isNull();
        assertThat(GeolocationHeader.parse("cid:x@y").error()).contains("does not start with '<'");
        assertThat(GeolocationHeader.parse("<cid:x@y").error()).contains("no closing");
        final GeolocationHeader partial = GeolocationHeader.parse("<cid:x@y>, <not a uri>");
        assertThat(partial.cidReferences()).containsExactly("x@y");
        assertThat(partial.error()).contains("entry 2");
        assertThat(GeolocationHeader.parse("<cid:x@y>;p=\"open").error()).contains("unterminated");
        assertThat(GeolocationHeader.parse("<cid:x@y> junk").error()).contains("unexpected");
        assertThat(GeolocationHeader.parse("<cid:x@y>,").error()).contains("trailing");
        assertThat(GeolocationHeader.parse("<javascript:alert(1)>").byReferenceUris()).isEmpty();
        final StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++)
        {
            many.append(i == 0 ? "" : ",").append("<cid:p").append(i).append("@x>");
        }
        assertThat(GeolocationHeader.parse(many.toString()).entries()).hasSize(GeolocationHeader.MAX_ENTRIES);
        assertThat(GeolocationHeader.parse("<cid:" + "a".repeat(9000) + ">").entries()).isEmpty();
    }

    @Test
    void randomValuesNeverThrow()
    {
        final SplittableRandom random = new SplittableRandom(6442);
        final String alphabet = "<>;,=\"\\ :@%cidsphtpx0123";
        for (int i = 0; i < 5_000; i++)
        {
            final StringBuilder value = new StringBuilder();
            final int length = random.nextInt(60);
            for (int j = 0; j < length; j++)
            {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final GeolocationHeader header = GeolocationHeader.parse(value.toString());
            assertThat(header.entries().size()).isLessThanOrEqualTo(GeolocationHeader.MAX_ENTRIES);
            header.cidReferences();
            header.byReferenceUris();
        }
    }
}
