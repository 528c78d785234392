package org.beacon.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.MessageHeaderDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CommandCodecTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(final String text)
    {
        try
        {
            return MAPPER.readTree(text.replace('\'', '"'));
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    private static AlertCommandDecoder alert(final String command)
    {
        final byte[] bytes = CommandCodec.encode(json(command), 101);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertThat(header.templateId()).isEqualTo(AlertCommandDecoder.TEMPLATE_ID);
        final AlertCommandDecoder decoder = new AlertCommandDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertThat(decoder.operatorId()).isEqualTo(101);
        return decoder;
    }

    private static int[] corners(final AlertCommandDecoder decoder)
    {
        final AlertCommandDecoder.PolygonDecoder group = decoder.polygon();
        final int[] corners = new int[group.count() * 2];
        int i = 0;
        while (group.hasNext())
        {
            group.next();
            corners[i++] = group.point().latMicros();
            corners[i++] = group.point().lonMicros();
        }
        return corners;
    }

    @Test
    void classify()
    {
        AlertCommandDecoder d = alert("{'type':'ALERT_CLASSIFY','incidentId':7,'hazard':'GAS_LEAK','innerRadiusM':250}");
        assertThat(d.action()).isEqualTo(AlertAction.CLASSIFY);
        assertThat(d.incidentId()).isEqualTo(7);
        assertThat(d.hazard()).isEqualTo(Hazard.GAS_LEAK);
        assertThat(d.innerRadiusM()).isEqualTo(250);
        assertThat(d.alertId()).isZero();
        assertThat(corners(d)).isEmpty();

        d = alert("{'type':'ALERT_CLASSIFY','incidentId':7,'hazard':'NONE'}");
        assertThat(d.hazard()).isEqualTo(Hazard.NONE);
        assertThat(d.innerRadiusM()).isZero();
    }

    @Test
    void proposeForAnIncidentOrACandidate()
    {
        AlertCommandDecoder d = alert("{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'CHEMICAL','lat':10.776,'lon':106.7," +
            "'innerRadiusM':500,'ringM':1500}");
        assertThat(d.action()).isEqualTo(AlertAction.PROPOSE);
        assertThat(d.incidentId()).isEqualTo(7);
        assertThat(d.candidateId()).isZero();
        assertThat(d.hazard()).isEqualTo(Hazard.CHEMICAL);
        assertThat(d.center().latMicros()).isEqualTo(10_776_000);
        assertThat(d.center().lonMicros()).isEqualTo(106_700_000);
        assertThat(d.innerRadiusM()).isEqualTo(500);
        assertThat(d.ringM()).isEqualTo(1500);

        d = alert("{'type':'ALERT_PROPOSE','candidateId':33,'hazard':'CROWD','polygon':[[10.77,106.70],[10.78,106.70],[10.78,106.71]," +
            "[10.77,106.70]]}");
        assertThat(d.incidentId()).isZero();
        assertThat(d.candidateId()).isEqualTo(33);
        assertThat(d.center().latMicros()).isZero();
        assertThat(d.innerRadiusM()).isZero();
        // the closing corner of a ring is dropped
        assertThat(corners(d)).containsExactly(10_770_000, 106_700_000, 10_780_000, 106_700_000, 10_780_000, 106_710_000);
    }

    @Test
    void editApproveRejectCancel()
    {
        AlertCommandDecoder d = alert("{'type':'ALERT_EDIT','alertId':12,'revision':2,'innerRadiusM':400}");
        assertThat(d.action()).isEqualTo(AlertAction.EDIT);
        assertThat(d.alertId()).isEqualTo(12);
        assertThat(d.revision()).isEqualTo(2);
        assertThat(d.innerRadiusM()).isEqualTo(400);
        assertThat(d.ringM()).isZero();
        assertThat(d.center().latMicros()).isZero();

        d = alert("{'type':'ALERT_EDIT','alertId':12,'revision':3,'lat':10.5,'lon':106.5}");
        assertThat(d.center().latMicros()).isEqualTo(10_500_000);
        assertThat(d.innerRadiusM()).isZero();

        d = alert("{'type':'ALERT_APPROVE','alertId':12,'revision':3}");
        assertThat(d.action()).isEqualTo(AlertAction.APPROVE);
        assertThat(d.revision()).isEqualTo(3);
        d = alert("{'type':'ALERT_REJECT','alertId':12,'revision':3}");
        assertThat(d.action()).isEqualTo(AlertAction.REJECT);
        d = alert("{'type':'ALERT_CANCEL','alertId':12,'confirmed':true}");
        assertThat(d.action()).isEqualTo(AlertAction.CANCEL);
        assertThat(d.alertId()).isEqualTo(12);
        assertThat(d.revision()).isZero();
    }

    @Test
    void sixtyFourCornersFitAndTheMessageIsNoLongerThanItsContent()
    {
        final StringBuilder polygon = new StringBuilder("[");
        for (int i = 0; i < 64; i++)
        {
            final double a = 2 * Math.PI * i / 64;
            polygon.append(i == 0 ? "" : ",").append('[').append(10.77 + 0.01 * Math.sin(a)).append(',')
                .append(106.7 + 0.01 * Math.cos(a)).append(']');
        }
        final String command = "{'type':'ALERT_PROPOSE','incidentId':1,'hazard':'FLOOD','polygon':" + polygon + "]}";
        final AlertCommandDecoder d = alert(command);
        assertThat(corners(d)).hasSize(128);
        final byte[] bytes = CommandCodec.encode(json(command), 101);
        assertThat(bytes.length).isEqualTo(MessageHeaderDecoder.ENCODED_LENGTH + AlertCommandDecoder.BLOCK_LENGTH + 4 + 64 * 8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'type':'ALERT_NUKE','alertId':1}|unknown command type ALERT_NUKE",
        "{'type':'ALERT_CLASSIFY','hazard':'FIRE'}|\"incidentId\" must be a positive integer",
        "{'type':'ALERT_CLASSIFY','incidentId':-3,'hazard':'FIRE'}|\"incidentId\" must be a positive integer",
        "{'type':'ALERT_CLASSIFY','incidentId':'7','hazard':'FIRE'}|\"incidentId\" must be a positive integer",
        "{'type':'ALERT_CLASSIFY','incidentId':7}|\"hazard\" must be a non-empty string",
        "{'type':'ALERT_CLASSIFY','incidentId':7,'hazard':'fire'}|\"hazard\" must be one of FIRE, CHEMICAL, GAS_LEAK, FLOOD, " +
            "EXPLOSION, CROWD, COLLAPSE or NONE, not fire",
        "{'type':'ALERT_CLASSIFY','incidentId':7,'hazard':'FIRE','innerRadiusM':5}|\"innerRadiusM\" must be a whole number of " +
            "metres from 10 to 20000",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'NONE'}|\"hazard\" must be one of FIRE, CHEMICAL, GAS_LEAK, FLOOD, " +
            "EXPLOSION, CROWD, COLLAPSE, not NONE",
        "{'type':'ALERT_PROPOSE','hazard':'FIRE'}|ALERT_PROPOSE needs either \"incidentId\" or \"candidateId\" (a camera's " +
            "incident candidate)",
        "{'type':'ALERT_PROPOSE','incidentId':7,'candidateId':3,'hazard':'FIRE'}|ALERT_PROPOSE needs either \"incidentId\" or " +
            "\"candidateId\" (a camera's incident candidate)",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','innerRadiusM':20001}|\"innerRadiusM\" must be a whole number of " +
            "metres from 10 to 20000",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','innerRadiusM':100.5}|\"innerRadiusM\" must be a whole number of " +
            "metres from 10 to 20000",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','innerRadiusM':'300'}|\"innerRadiusM\" must be a whole number of " +
            "metres from 10 to 20000",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','ringM':-1}|\"ringM\" must be a whole number of metres from 0 " +
            "to 20000",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','ringM':30000}|\"ringM\" must be a whole number of metres from 0 " +
            "to 20000",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','lat':10.7}|give both \"lat\" and \"lon\" of the centre, or neither",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','lat':91,'lon':106}|\"lat\" must be a number from -90 to 90",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','lat':10,'lon':181}|\"lon\" must be a number from -180 to 180",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','lat':0,'lon':0}|the centre 0,0 is not a place in the city",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':'square'}|\"polygon\" must be an array of [lat, lon] " +
            "corners",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[[10,106],[10.1,106]]}|\"polygon\" must have 3 to 64 " +
            "corners, not 2",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[[10,106],[10.1,106],[10.0,106.0]]}|\"polygon\" must have " +
            "3 to 64 corners, not 2",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[[10,106],[10.1,106],[95,106]]}|\"polygon\" corner 2 must " +
            "be [lat, lon] with lat -90..90 and lon -180..180",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[[10,106],[10.1],[10,106.1]]}|\"polygon\" corner 1 must " +
            "be [lat, lon] with lat -90..90 and lon -180..180",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[[10,106],['a',106],[10,106.1]]}|\"polygon\" corner 1 " +
            "must be [lat, lon] with lat -90..90 and lon -180..180",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[[10,106],[0,0],[10,106.1]]}|\"polygon\" corner 1 is 0,0, " +
            "not a place in the city",
        "{'type':'ALERT_PROPOSE','incidentId':7,'hazard':'FIRE','polygon':[]}|\"polygon\" must have 3 to 64 corners, not 0",
        "{'type':'ALERT_EDIT','alertId':12,'revision':2}|ALERT_EDIT changes nothing: give \"lat\"/\"lon\", \"innerRadiusM\", " +
            "\"ringM\" or \"polygon\"",
        "{'type':'ALERT_EDIT','revision':2,'ringM':100}|\"alertId\" must be a positive integer",
        "{'type':'ALERT_EDIT','alertId':12,'ringM':100}|\"revision\" must be the alert's revision you saw, an integer from 1",
        "{'type':'ALERT_APPROVE','alertId':12,'revision':0}|\"revision\" must be the alert's revision you saw, an integer from 1",
        "{'type':'ALERT_APPROVE','alertId':12,'revision':1.5}|\"revision\" must be the alert's revision you saw, an integer from 1",
        "{'type':'ALERT_REJECT','alertId':12,'revision':3000000000}|\"revision\" must be the alert's revision you saw, an integer " +
            "from 1",
        "{'type':'ALERT_REJECT','alertId':0,'revision':1}|\"alertId\" must be a positive integer",
        "{'type':'ALERT_CANCEL'}|\"alertId\" must be a positive integer",
        "{'type':'ALERT_CANCEL','alertId':true}|\"alertId\" must be a positive integer",
        "{'type':'ALERT_CANCEL','alertId':12}|ALERT_CANCEL needs the dispatcher's confirmation (\"confirmed\": true)",
        "{'type':'ALERT_CANCEL','alertId':12,'confirmed':'yes'}|ALERT_CANCEL needs the dispatcher's confirmation (\"confirmed\": true)",
    })
    void everyBadAlertCommandSaysWhy(final String command, final String reason)
    {
        assertThatThrownBy(() -> CommandCodec.encode(json(command), 101))
            .isInstanceOf(CommandCodec.BadCommand.class)
            .hasMessage(reason);
    }
}
