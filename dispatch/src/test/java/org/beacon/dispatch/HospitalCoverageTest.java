package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.hospital;
import static org.beacon.dispatch.TestEvents.tick;
import static org.beacon.dispatch.TestEvents.unitPosition;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.HospitalAssignedDecoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MoveUpProposedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.dispatch.road.GridNetwork;
import org.beacon.dispatch.road.RoadGraph;
import org.junit.jupiter.api.Test;

/**
 * Hospital choice when an ambulance starts transporting, and coverage move-up proposals.
 */
class HospitalCoverageTest
{
    private static final int COLS = 10;
    private static final RoadGraph GRID = GridNetwork.build(10, COLS, 200, 10.77, 106.69, 3);
    private static final int GENERAL = 0x20;
    private static final int TRAUMA = 0x01;

    private static int lat(final int row, final int col)
    {
        return GRID.junctionLatMicros(row * COLS + col);
    }

    private static int lon(final int row, final int col)
    {
        return GRID.junctionLonMicros(row * COLS + col);
    }

    private static byte[] ambulance(final long unitId, final UnitStatusCode status, final int row, final int col)
    {
        return unitStatus(unitId, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, status, lat(row, col), lon(row, col));
    }

    private static List<HospitalAssignedDecoder> assigned(final List<byte[]> outputs)
    {
        final List<HospitalAssignedDecoder> result = new ArrayList<>();
        for (final byte[] output : Outputs.only(outputs, HospitalAssignedDecoder.TEMPLATE_ID))
        {
            result.add(new HospitalAssignedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder()));
        }
        return result;
    }

    private static List<MoveUpProposedDecoder> moveUps(final List<byte[]> outputs)
    {
        final List<MoveUpProposedDecoder> result = new ArrayList<>();
        for (final byte[] output : Outputs.only(outputs, MoveUpProposedDecoder.TEMPLATE_ID))
        {
            result.add(new MoveUpProposedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder()));
        }
        return result;
    }

    /** Transports unit 1 from (0,0) and returns the one HospitalAssigned it caused. */
    private static HospitalAssignedDecoder transport(final DispatchDriver driver)
    {
        driver.apply(ambulance(1, UnitStatusCode.AVAILABLE, 0, 0));
        final List<HospitalAssignedDecoder> result = assigned(driver.apply(ambulance(1, UnitStatusCode.TRANSPORTING, 0, 0)));
        assertThat(result).hasSize(1);
        return result.get(0);
    }

    private static DispatchDriver roadDriver()
    {
        return new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, GRID));
    }

    @Test
    void nearestQualifyingHospitalByDriveTime()
    {
        final DispatchDriver driver = roadDriver();
        driver.applyAll(
            hospital(1, lat(5, 5), lon(5, 5), GENERAL, 5, false),
            hospital(2, lat(0, 2), lon(0, 2), GENERAL | TRAUMA, 5, false));

        final HospitalAssignedDecoder choice = transport(driver);
        assertThat(choice.hospitalId()).isEqualTo(2);
        assertThat(choice.unitId()).isEqualTo(1);
        assertThat(choice.choice()).isEqualTo(HospitalChoice.ASSIGNED);
        assertThat(choice.etaS()).isGreaterThan(0);
    }

    @Test
    void capacityDiversionAndCapabilityExcludeTheNearest()
    {
        final DispatchDriver driver = roadDriver();
        driver.applyAll(
            hospital(1, lat(5, 5), lon(5, 5), GENERAL, 5, false),
            hospital(2, lat(0, 2), lon(0, 2), GENERAL, 0, false));
        assertThat(transport(driver).hospitalId()).as("no beds").isEqualTo(1);

        driver.apply(hospital(2, lat(0, 2), lon(0, 2), GENERAL, 3, true));
        assertThat(transport(driver).hospitalId()).as("diverting").isEqualTo(1);

        driver.apply(hospital(2, lat(0, 2), lon(0, 2), TRAUMA, 3, false));
        assertThat(transport(driver).hospitalId()).as("no GENERAL capability").isEqualTo(1);

        driver.apply(hospital(2, lat(0, 2), lon(0, 2), GENERAL, 3, false));
        assertThat(transport(driver).hospitalId()).as("capacity arrived").isEqualTo(2);
    }

    @Test
    void equalDriveTimesGoToTheLowerHospitalId()
    {
        final DispatchDriver driver = roadDriver();
        driver.applyAll(
            hospital(9, lat(3, 3), lon(3, 3), GENERAL, 5, false),
            hospital(4, lat(3, 3), lon(3, 3), GENERAL, 5, false));
        assertThat(transport(driver).hospitalId()).isEqualTo(4);
    }

    @Test
    void noQualifyingHospitalIsReported()
    {
        final DispatchDriver driver = roadDriver();
        HospitalAssignedDecoder choice = transport(driver);
        assertThat(choice.hospitalId()).isZero();
        assertThat(choice.choice()).isEqualTo(HospitalChoice.NONE_WITH_CAPACITY);

        driver.apply(hospital(1, lat(5, 5), lon(5, 5), GENERAL, 0, false));
        choice = transport(driver);
        assertThat(choice.hospitalId()).isZero();
        assertThat(choice.etaS()).isZero();
        assertThat(choice.choice()).isEqualTo(HospitalChoice.NONE_WITH_CAPACITY);
    }

    @Test
    void onlyAmbulancesThatStartTransportingChooseAHospital()
    {
        final DispatchDriver driver = roadDriver();
        driver.apply(hospital(1, lat(5, 5), lon(5, 5), GENERAL, 5, false));
        driver.apply(unitStatus(7, Agency.FIRE, UnitType.RESCUE, UnitStatusCode.AVAILABLE, lat(0, 0), lon(0, 0)));
        assertThat(assigned(driver.apply(
            unitStatus(7, Agency.FIRE, UnitType.RESCUE, UnitStatusCode.TRANSPORTING, lat(0, 0), lon(0, 0))))).isEmpty();
        driver.apply(ambulance(1, UnitStatusCode.TRANSPORTING, 0, 0));
        assertThat(assigned(driver.apply(ambulance(1, UnitStatusCode.TRANSPORTING, 0, 0)))).as("no status change").isEmpty();
    }

    @Test
    void straightLineWithoutARoadNetwork()
    {
        final DispatchDriver driver = new DispatchDriver();
        driver.applyAll(
            hospital(1, lat(5, 5), lon(5, 5), GENERAL, 5, false),
            hospital(2, lat(1, 1), lon(1, 1), GENERAL, 5, false),
            hospital(0, lat(0, 0), lon(0, 0), GENERAL, 5, false));
        final HospitalAssignedDecoder choice = transport(driver);
        assertThat(choice.hospitalId()).isEqualTo(2);
        assertThat(choice.etaS()).isGreaterThan(0);
    }

    private static DispatchDriver coverageDriver(final RoadGraph graph)
    {
        final CoverageConfig coverage = new CoverageConfig(60_000_000_000L, 60, 60, 60,
            new int[]{lat(9, 9)}, new int[]{lon(9, 9)});
        return new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, graph, coverage));
    }

    @Test
    void gapProposesOnceUntilItCloses()
    {
        for (final RoadGraph graph : new RoadGraph[]{GRID, null})
        {
            final DispatchDriver driver = coverageDriver(graph);
            driver.applyAll(
                availableUnit(5, Agency.AMBULANCE, lat(0, 0), lon(0, 0)),
                availableUnit(2, Agency.AMBULANCE, lat(0, 0), lon(0, 0)),
                availableUnit(3, Agency.POLICE, lat(9, 9), lon(9, 9)));

            List<MoveUpProposedDecoder> proposals = moveUps(driver.apply(tick(1)));
            assertThat(proposals).extracting(MoveUpProposedDecoder::agency).containsExactly(Agency.FIRE, Agency.AMBULANCE);
            assertThat(proposals.get(0).unitId()).as("no fire unit at all").isZero();
            final MoveUpProposedDecoder ambulance = proposals.get(1);
            assertThat(ambulance.unitId()).as("tie by unit id").isEqualTo(2);
            assertThat(ambulance.etaS()).isGreaterThan(60);
            assertThat(ambulance.targetS()).isEqualTo(60);
            assertThat(ambulance.point().latMicros()).isEqualTo(lat(9, 9));

            driver.advanceSeconds(10);
            assertThat(moveUps(driver.apply(tick(2)))).as("not due").isEmpty();
            driver.advanceSeconds(60);
            assertThat(moveUps(driver.apply(tick(3)))).as("gap already proposed").isEmpty();

            driver.apply(unitPosition(5, lat(9, 9), lon(9, 9)));
            driver.advanceSeconds(60);
            assertThat(moveUps(driver.apply(tick(4)))).as("ambulance gap closed").isEmpty();

            driver.apply(unitPosition(5, lat(0, 0), lon(0, 0)));
            driver.advanceSeconds(60);
            proposals = moveUps(driver.apply(tick(5)));
            assertThat(proposals).as("gap reopened").extracting(MoveUpProposedDecoder::agency).containsExactly(Agency.AMBULANCE);
            assertThat(proposals.get(0).unitId()).isEqualTo(2);
        }
    }

    @Test
    void unavailableUnitsDoNotCover()
    {
        final DispatchDriver driver = coverageDriver(GRID);
        driver.apply(ambulance(1, UnitStatusCode.EN_ROUTE, 9, 9));
        final List<MoveUpProposedDecoder> proposals = moveUps(driver.apply(tick(1)));
        assertThat(proposals).extracting(MoveUpProposedDecoder::agency)
            .containsExactly(Agency.POLICE, Agency.FIRE, Agency.AMBULANCE);
        assertThat(proposals.get(2).unitId()).isZero();
    }

    @Test
    void snapshotKeepsHospitalsAndCoverageState()
    {
        final DispatchDriver driver = coverageDriver(GRID);
        driver.applyAll(
            hospital(1, lat(5, 5), lon(5, 5), GENERAL, 5, false),
            hospital(2, lat(0, 2), lon(0, 2), GENERAL, 0, true),
            availableUnit(2, Agency.AMBULANCE, lat(0, 0), lon(0, 0)));
        assertThat(moveUps(driver.apply(tick(1)))).hasSize(3);

        final byte[] snapshot = driver.snapshot();
        final CoverageConfig coverage = new CoverageConfig(60_000_000_000L, 60, 60, 60,
            new int[]{lat(9, 9)}, new int[]{lon(9, 9)});
        final DispatchDriver restored = new DispatchDriver(DispatchDriver.restored(snapshot, DispatchConfig.DEFAULT, GRID, coverage));
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        restored.nowNs = driver.nowNs;
        restored.sequence = driver.sequence;
        for (final DispatchDriver d : new DispatchDriver[]{driver, restored})
        {
            d.advanceSeconds(30);
            assertThat(moveUps(d.apply(tick(2)))).as("not due after restore").isEmpty();
            d.advanceSeconds(30);
            assertThat(moveUps(d.apply(tick(3)))).as("already proposed after restore").isEmpty();
            final List<HospitalAssignedDecoder> choice = assigned(d.apply(ambulance(2, UnitStatusCode.TRANSPORTING, 0, 0)));
            assertThat(choice).hasSize(1);
            assertThat(choice.get(0).hospitalId()).isEqualTo(1);
        }
        assertThat(restored.snapshot()).isEqualTo(driver.snapshot());
    }
}
