package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.beacon.center.CenterMain;
import org.beacon.center.DataNetwork;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.signal.field.SignalFieldGateway;
import org.beacon.signal.sumo.SumoProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * System test with a real sumo: {@code demo --sumo} on a small generated grid, then checks of what it printed, of
 * the journal, and a replay of the data folder.
 */
class SumoDemoSystemTest
{
    @TempDir
    Path dir;

    @Test
    void demoRunsTheCityInSumoAndReplaysIdentically() throws IOException
    {
        Assumptions.assumeTrue(SumoProcess.available(), "sumo is not installed (./beacon test installs it)");
        final Path net = dir.resolve("small-grid.net.xml");
        try (InputStream in = SumoDemoSystemTest.class.getResourceAsStream("/road/small-grid.net.xml"))
        {
            Files.copy(in, net, StandardCopyOption.REPLACE_EXISTING);
        }
        final Path data = dir.resolve("data");
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final int code;
        try (PrintStream tee = new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8))
        {
            System.setOut(tee);
            code = new CommandLine(new CenterMain()).execute("demo", "--sumo", net.toString(), "--data", data.toString(),
                "--aeron-dir", dir.resolve("aeron").toString(), "--seconds", "20", "--speedup", "10",
                "--calls-per-minute", "240", "--units", "20", "--sip-port", "-1", "--aml-port", "-1", "--http-port", "-1", "--no-cameras");
        }
        finally
        {
            System.setOut(original);
        }
        final String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(Files.readAllBytes(DataNetwork.file(data))).isEqualTo(Files.readAllBytes(net));

        final String sumo = line(out, "sumo: ");
        assertThat(number(sumo, "responders-added")).as(sumo).isPositive();
        assertThat(number(sumo, "responders-arrived")).as(sumo).isPositive();
        assertThat(number(sumo, "light-checks")).as(sumo).isPositive();
        assertThat(number(sumo, "light-mismatches")).as(sumo).isZero();
        assertThat(sumo).doesNotContain("failure=");
        final String finished = line(out, "demo finished: ");
        final Matcher preemptions = Pattern.compile("(\\d+) preemptions").matcher(finished);
        assertThat(preemptions.find()).isTrue();
        assertThat(Long.parseLong(preemptions.group(1))).as(finished).isPositive();
        assertThat(out).contains("sumo-vehicles=");

        assertThat(countSignalStatusesFromTheField(data)).isPositive();
        assertThat(countOnScene(data)).isPositive();

        final VerifyResult result = ReplayVerifier.verify(data);
        assertThat(result.identical()).as(String.valueOf(result.failure())).isTrue();
    }

    private static long countSignalStatusesFromTheField(final Path data)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long statuses = 0;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.inputJournalDir(data), JournalRecordDescriptor.TYPE_INPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                if (cursor.payloadLength() >= MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    header.wrap(cursor.buffer(), cursor.payloadOffset());
                    if (header.templateId() == SignalStatusDecoder.TEMPLATE_ID && cursor.source() == SignalFieldGateway.DEFAULT_SOURCE_ID)
                    {
                        statuses++;
                    }
                }
            }
        }
        return statuses;
    }

    private static long countOnScene(final Path data)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final UnitStatusChangedDecoder changed = new UnitStatusChangedDecoder();
        long onScene = 0;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.outputJournalDir(data), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                if (cursor.payloadLength() >= MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    header.wrap(cursor.buffer(), cursor.payloadOffset());
                    if (header.templateId() == UnitStatusChangedDecoder.TEMPLATE_ID)
                    {
                        changed.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
                        if (changed.to() == UnitStatusCode.ON_SCENE)
                        {
                            onScene++;
                        }
                    }
                }
            }
        }
        return onScene;
    }

    private static String line(final String out, final String prefix)
    {
        for (final String line : out.split("\\R"))
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + out);
    }

    private static long number(final String line, final String key)
    {
        final Matcher m = Pattern.compile("\\b" + Pattern.quote(key) + "=(\\d+)").matcher(line);
        if (!m.find())
        {
            throw new AssertionError("no " + key + " in: " + line);
        }
        return Long.parseLong(m.group(1));
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream
    {
        private final OutputStream a;
        private final OutputStream b;

        Tee(final OutputStream a, final OutputStream b)
        {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(final int x) throws IOException
        {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(final byte[] bytes, final int off, final int len) throws IOException
        {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
