package org.beacon.dispatch.alert.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

class CellNetworkTest
{
    /** The bundled road network's box (origBoundary of hcmc-grid.net.xml). */
    static final CellNetwork NETWORK = CellNetwork.simulated(10.770, 106.695, 10.790212, 106.715574, CellNetwork.DEFAULT_ISD_M, 7);

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private static Point point(final double x, final double y)
    {
        return GEOMETRY.createPoint(new Coordinate(x, y));
    }

    @Test
    void everyPointOfTheServedBoxCampsOnACellThatCoversIt()
    {
        final Envelope box = NETWORK.servedBox();
        assertThat(box.getWidth()).isBetween(2_000.0, 2_500.0);
        for (double x = box.getMinX(); x <= box.getMaxX(); x += 37)
        {
            for (double y = box.getMinY(); y <= box.getMaxY(); y += 37)
            {
                final int cell = NETWORK.servingCell(x, y);
                assertThat(cell).as("cell at %.0f,%.0f", x, y).isPositive();
                assertThat(NETWORK.cell(cell).coverage().covers(point(x, y))).as("cell %d covers %.0f,%.0f", cell, x, y).isTrue();
            }
        }
    }

    @Test
    void sitesFormAnUrbanGridWithThreeOverlappingSectors()
    {
        final List<CellNetwork.Cell> cells = NETWORK.cells();
        assertThat(cells.size() % 3).isZero();
        assertThat(cells).allSatisfy(c -> assertThat(c.reachM()).isEqualTo(0.9 * 750));
        // overlap: a good share of the box is covered by two or more cells, as in a real network
        final Envelope box = NETWORK.servedBox();
        int points = 0;
        int overlapped = 0;
        for (double x = box.getMinX(); x <= box.getMaxX(); x += 100)
        {
            for (double y = box.getMinY(); y <= box.getMaxY(); y += 100)
            {
                points++;
                if (NETWORK.cellsIntersecting(point(x, y)).length >= 2)
                {
                    overlapped++;
                }
            }
        }
        assertThat((double)overlapped / points).isGreaterThan(0.5);
    }

    @Test
    void aSmallCircleInsideOneSectorSelectsItAndTheNeighboursThatOverlapItButNoneFarAway()
    {
        final CellNetwork.Cell home = NETWORK.cell(NETWORK.servingCell(0, 0));
        final double bearing = StrictMath.toRadians(home.azimuthDeg());
        final double px = home.siteX() + 0.35 * home.reachM() * StrictMath.sin(bearing);
        final double py = home.siteY() + 0.35 * home.reachM() * StrictMath.cos(bearing);
        final BroadcastArea circle = BroadcastArea.circle(px, py, 40);

        final int[] selected = NETWORK.cellsIntersecting(circle.selectionGeometry());

        final List<Integer> covering = new ArrayList<>();
        final List<Integer> far = new ArrayList<>();
        for (final CellNetwork.Cell cell : NETWORK.cells())
        {
            final double distance = cell.coverage().distance(point(px, py));
            if (distance == 0)
            {
                covering.add(cell.cellId());
            }
            else if (distance > 41)
            {
                far.add(cell.cellId());
            }
        }
        assertThat(selected).contains(home.cellId());
        assertThat(selected).contains(covering.stream().mapToInt(Integer::intValue).toArray());
        assertThat(selected).doesNotContain(far.stream().mapToInt(Integer::intValue).toArray());
        assertThat(selected).isSorted();
        assertThat(selected.length).isLessThan(NETWORK.cells().size() / 4);
    }

    @Test
    void anAreaOffTheNetworkSelectsNothing()
    {
        assertThat(NETWORK.cellsIntersecting(BroadcastArea.circle(50_000, 50_000, 500).selectionGeometry())).isEmpty();
    }

    @Test
    void theSameSeedBuildsTheSameNetwork()
    {
        final CellNetwork again = CellNetwork.simulated(10.770, 106.695, 10.790212, 106.715574, CellNetwork.DEFAULT_ISD_M, 7);
        final CellNetwork other = CellNetwork.simulated(10.770, 106.695, 10.790212, 106.715574, CellNetwork.DEFAULT_ISD_M, 8);

        assertThat(again.cells()).hasSameSizeAs(NETWORK.cells());
        for (int i = 0; i < again.cells().size(); i++)
        {
            assertThat(again.cells().get(i).coverage().equalsExact(NETWORK.cells().get(i).coverage())).isTrue();
        }
        assertThat(other.cells().get(0).coverage().equalsExact(NETWORK.cells().get(0).coverage())).isFalse();
    }

    @Test
    void theRoadNetworksJunctionsGiveTheBox() throws Exception
    {
        final RoadGraph roads;
        try (var in = CellNetworkTest.class.getResourceAsStream("/road/hcmc-grid.net.xml"))
        {
            roads = new SumoNetReader(0, 0).read(in);
        }
        final CellNetwork network = CellNetwork.simulated(roads, 7);

        final Envelope box = network.servedBox();
        assertThat(box.getWidth()).isBetween(2_000.0, 2_400.0);
        assertThat(box.getHeight()).isBetween(2_000.0, 2_400.0);
    }
}
