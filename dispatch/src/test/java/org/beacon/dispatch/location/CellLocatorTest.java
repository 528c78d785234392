package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellLocatorTest
{
    @TempDir
    Path dir;

    private static CellDatabase testCells() throws IOException
    {
        return CellDatabase.loadResource("location/hcmc-test-cells.csv");
    }

    @Test
    void loadsTheOpenCellIdLayoutWithAndWithoutAzimuth() throws IOException
    {
        final CellDatabase cells = testCells();
        assertThat(cells.size()).isEqualTo(8);
        assertThat(cells.rejectedRows()).isZero();
        final CellDatabase.Cell lte = cells.find(452, 4, 41394, 205344351L);
        assertThat(lte.identity().radio()).isEqualTo(CellIdentity.Radio.LTE);
        assertThat(lte.latDeg()).isEqualTo(10.7769);
        assertThat(lte.lonDeg()).isEqualTo(106.7009);
        assertThat(lte.rangeM()).isEqualTo(1500);
        assertThat(lte.azimuthDeg()).isEqualTo(120.0);
        assertThat(cells.find(452, 4, 1021, 34567L).hasAzimuth()).isFalse();
        assertThat(cells.find(452, 4, 41394, 4886718345L).identity().radio()).isEqualTo(CellIdentity.Radio.NR);
        assertThat(cells.find(452, 5, 41394, 205344351L)).isNull();
    }

    @Test
    void theDemoDatabaseLoadsWhole() throws IOException
    {
        final CellDatabase cells = CellDatabase.loadResource("cells/hcmc-cells.csv");
        assertThat(cells.rejectedRows()).isZero();
        assertThat(cells.size()).isGreaterThanOrEqualTo(80);
        final ParsedLocation location = new CellLocator(cells).locate(452, 4, 12004, 10240769L);
        assertThat(location.usable()).isTrue();
        assertThat(Geodesy.distanceM(10.7769, 106.7009, location.latMicros() / 1e6, location.lonMicros() / 1e6)).isLessThan(2_000);
    }

    @Test
    void aSectorPushesThePointAlongTheAzimuth() throws IOException
    {
        final ParsedLocation location = new CellLocator(testCells()).locate(452, 4, 41394, 205344351L);
        assertThat(location.quality()).isEqualTo(LocationQuality.USABLE);
        assertThat(location.shape()).isEqualTo(LocationShape.CELL_SECTOR);
        assertThat(location.method()).isEqualTo(LocationMethod.CELL);
        assertThat(location.confidencePct()).isZero();
        final double lat = location.latMicros() / 1e6;
        final double lon = location.lonMicros() / 1e6;
        // 120 degree sector, range 1500: half the range out, on bearing 120 (south-east)
        assertThat(Geodesy.distanceM(10.7769, 106.7009, lat, lon)).isCloseTo(750.0, within(0.5));
        assertThat(lat).isLessThan(10.7769);
        assertThat(lon).isGreaterThan(106.7009);
        // radius R sin 60 = 1299.04: the sector's arc ends are that far from the point, nothing is farther
        assertThat(location.uncertaintyM()).isEqualTo(1300);
        final double[] arcEnd = Geodesy.destination(10.7769, 106.7009, 60, 1500);
        assertThat(Geodesy.distanceM(lat, lon, arcEnd[0], arcEnd[1])).isLessThanOrEqualTo(location.uncertaintyM());
    }

    @Test
    void narrowSectorsBalanceTheSiteAgainstTheArcEnds() throws IOException
    {
        final CellLocator narrow = new CellLocator(testCells(), 60, 500);
        final ParsedLocation location = narrow.locate(452, 4, 41394, 205344353L);
        final double lat = location.latMicros() / 1e6;
        final double lon = location.lonMicros() / 1e6;
        // half-width 30: centre at R / (2 cos 30) = 692.8 m due north, radius the same
        assertThat(Geodesy.distanceM(10.7769, 106.7009, lat, lon)).isCloseTo(692.8, within(0.5));
        assertThat(location.uncertaintyM()).isEqualTo(693);
        assertThat(lat).isGreaterThan(10.7769);
    }

    /** Property: every point of the sector lies within the reported radius. */
    @Test
    void theRadiusCoversTheWholeSector() throws IOException
    {
        for (final double width : new double[] {30, 60, 90, 120, 179})
        {
            final ParsedLocation location = new CellLocator(testCells(), width, 500).locate(452, 4, 41394, 205344352L);
            final double lat = location.latMicros() / 1e6;
            final double lon = location.lonMicros() / 1e6;
            final java.util.SplittableRandom random = new java.util.SplittableRandom((long)width);
            for (int i = 0; i < 2_000; i++)
            {
                final double bearing = 240 + random.nextDouble(-width / 2, width / 2);
                final double[] p = Geodesy.destination(10.7769, 106.7009, bearing, random.nextDouble(0, 1500));
                assertThat(Geodesy.distanceM(lat, lon, p[0], p[1])).isLessThanOrEqualTo(location.uncertaintyM() + 1.0);
            }
        }
    }

    @Test
    void withoutAzimuthACircleOfTheRangeWithAFloor() throws IOException
    {
        final CellLocator locator = new CellLocator(testCells());
        final ParsedLocation gsm = locator.locate(452, 4, 1021, 34567L);
        assertThat(gsm.shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(gsm.uncertaintyM()).isEqualTo(5000);
        assertThat(gsm.latMicros()).isEqualTo(10_818_500);
        final ParsedLocation tiny = locator.locate(452, 4, 41395, 205344400L);
        assertThat(tiny.uncertaintyM()).isEqualTo(CellLocator.DEFAULT_MINIMUM_RANGE_M);
    }

    @Test
    void fromTheAccessNetworkHeader() throws IOException
    {
        final CellLocator locator = new CellLocator(testCells());
        final ParsedLocation location = locator.locateAccessNetworkInfo("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204A1B2C3D4E5F");
        assertThat(location.shape()).isEqualTo(LocationShape.CELL_SECTOR);
        final ParsedLocation nr = locator.locateAccessNetworkInfo("3GPP-NR-TDD; utran-cell-id-3gpp=4520400A1B2123456789");
        assertThat(nr.usable()).isTrue();
        assertThat(nr.uncertaintyM()).isEqualTo(693);
    }

    @Test
    void unknownCellsAreMissing() throws IOException
    {
        final CellLocator locator = new CellLocator(testCells());
        final ParsedLocation unknown = locator.locate(452, 4, 1, 1);
        assertThat(unknown.quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(unknown.problem()).isEqualTo(LocationProblem.NO_LOCATION);
        assertThat(locator.locate(null).problem()).isEqualTo(LocationProblem.NO_LOCATION);
        assertThat(locator.locateAccessNetworkInfo("garbage").problem()).isEqualTo(LocationProblem.NO_LOCATION);
    }

    @Test
    void badRowsAreSkippedAndCounted() throws IOException
    {
        final String csv = String.join("\n",
            "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal",
            "LTE,452,4,100,200,0,106.7,10.7,1000,10,1,0,0,-90",
            "LTE,452,4,100,201,0,106.7,95.0,1000,10,1,0,0,-90",
            "LTE,452,4,100,202,0,106.7,10.7,1000,10,1,0,0",
            "WIMAX,452,4,100,203,0,106.7,10.7,1000,10,1,0,0,-90",
            "LTE,4520,4,100,204,0,106.7,10.7,1000,10,1,0,0,-90",
            "LTE,452,4,100,205,0,106.7,10.7,-5,10,1,0,0,-90",
            "LTE,452,4,100,206,0,106.7,10.7,1000,10,1,0,0,-90,400",
            "LTE,452,4,100,200,0,106.8,10.8,1000,50,1,0,0,-90",
            "LTE,452,4,100,200,0,106.9,10.9,1000,5,1,0,0,-90",
            "# a comment",
            "");
        final CellDatabase cells = CellDatabase.load(new StringReader(csv));
        assertThat(cells.size()).isEqualTo(1);
        assertThat(cells.rejectedRows()).isEqualTo(6);
        assertThat(cells.problems()).hasSize(6);
        assertThat(cells.problems().get(0)).startsWith("line 3:");
        // the row with more samples wins
        assertThat(cells.find(452, 4, 100, 200).lonDeg()).isEqualTo(106.8);

        final Path file = dir.resolve("cells.csv");
        Files.writeString(file, csv);
        assertThat(CellDatabase.load(file).size()).isEqualTo(1);
    }

    @Test
    void invalidLocatorSettingsAreRefused() throws IOException
    {
        final CellDatabase cells = testCells();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CellLocator(cells, 0, 500))
            .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CellDatabase.loadResource("no/such.csv"))
            .isInstanceOf(IOException.class);
    }
}
