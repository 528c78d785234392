package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;

import org.beacon.codecs.Agency;
import org.junit.jupiter.api.Test;

class IgnoredEventsTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    @Test
    void tickAndForeignTemplatesEmitNothingAndChangeNothing()
    {
        driver.applyAll(
            availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON),
            call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        final byte[] before = driver.snapshot();

        assertThat(driver.apply(TestEvents.tick(1))).isEmpty();
        assertThat(driver.apply(TestEvents.snapshotRequest(3))).isEmpty();
        assertThat(driver.apply(TestEvents.foreignSchema(call(2, Agency.POLICE, BASE_LAT, BASE_LON)))).isEmpty();
        assertThat(driver.apply(TestEvents.foreignSchema(close(2, 1)))).isEmpty();
        assertThat(driver.apply(new byte[]{1, 2, 3})).isEmpty();

        assertThat(driver.snapshot()).isEqualTo(before);
    }

    @Test
    void truncatedMessageIsIgnored()
    {
        final byte[] event = call(1, Agency.POLICE, BASE_LAT, BASE_LON);
        final byte[] truncated = java.util.Arrays.copyOf(event, 20);

        assertThat(driver.apply(truncated)).isEmpty();
        assertThat(service.incidentCount()).isZero();
    }

    @Test
    void foreignOrTruncatedFixesAndEndsAreIgnored()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        final byte[] before = driver.snapshot();
        final byte[] fix = TestEvents.fix(1, "", org.beacon.codecs.FixSource.AML_SMS, BASE_LAT, BASE_LON, 3, 0);

        assertThat(driver.apply(TestEvents.foreignSchema(fix))).isEmpty();
        assertThat(driver.apply(TestEvents.foreignSchema(TestEvents.callEnded(1)))).isEmpty();
        assertThat(driver.apply(java.util.Arrays.copyOf(fix, 20))).isEmpty();
        assertThat(driver.apply(java.util.Arrays.copyOf(TestEvents.callEnded(1), 12))).isEmpty();

        assertThat(driver.snapshot()).isEqualTo(before);
    }
}
