package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.beacon.codecs.CallEndedDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.IntakeNoteDecoder;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;

/**
 * Runs SIPp as the caller and reads what reached the journal.
 */
final class SipTestSupport
{
    private SipTestSupport()
    {
    }

    /** A finished SIPp run. */
    record SippRun(int exitCode, String output, String errors)
    {
        String describe()
        {
            return "sipp exit " + exitCode + "\n--- output ---\n" + output + "\n--- errors ---\n" + errors;
        }
    }

    /** A CallReceived as journaled. */
    record Received(long sequence, int source, CallReceivedDecoder view, String caller, String sipCallId, String emergencyCallId,
        String locationReference)
    {
    }

    /** A LocationFix as journaled. */
    record Fix(long sequence, int source, LocationFixDecoder view, String caller)
    {
    }

    /** A CallEnded as journaled. */
    record Ended(long sequence, int source, long callId, org.beacon.codecs.CallEndReason reason)
    {
    }

    /** An IntakeNote as journaled: the caller as received, the body's problem. */
    record Note(long sequence, int source, long callId, int inputTemplateId, String caller, String callerAsReceived,
        String bodyProblem)
    {
    }

    /** Every SIP-related input of a journal, in journal order. */
    record Journal(List<Received> received, List<Fix> fixes, List<Ended> ended, List<Note> notes)
    {
        /** @return the one IntakeNote of a SIP call. */
        Note noteOf(final long callId)
        {
            final List<Note> found = notes.stream().filter(n -> n.callId() == callId).toList();
            assertThat(found).as("IntakeNote of call " + callId).hasSize(1);
            return found.get(0);
        }

        Received call(final String sipCallIdPrefix)
        {
            final List<Received> found = new ArrayList<>();
            for (final Received r : received)
            {
                if (r.sipCallId().startsWith(sipCallIdPrefix))
                {
                    found.add(r);
                }
            }
            assertThat(found).as("CallReceived with Call-ID " + sipCallIdPrefix + "*").hasSize(1);
            return found.get(0);
        }

        boolean hasCall(final String sipCallIdPrefix)
        {
            return received.stream().anyMatch(r -> r.sipCallId().startsWith(sipCallIdPrefix));
        }

        List<Fix> fixesOf(final long callId)
        {
            return fixes.stream().filter(f -> f.view().callId() == callId).toList();
        }

        List<Ended> endsOf(final long callId)
        {
            return ended.stream().filter(e -> e.callId() == callId).toList();
        }
    }

    static boolean sippInstalled()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        {
            if (Files.isExecutable(Path.of(dir, "sipp")))
            {
                return true;
            }
        }
        return false;
    }

    /** A SIPp scenario of the test resources as a file (copied out when the resources are in a jar, as for system tests). */
    static Path scenario(final String name)
    {
        try
        {
            final java.net.URL url = SipTestSupport.class.getResource("/sip/" + name);
            if ("file".equals(url.getProtocol()))
            {
                return Path.of(url.toURI());
            }
            final Path copy = Files.createTempDirectory("sipp-").resolve(name);
            try (java.io.InputStream in = url.openStream())
            {
                Files.copy(in, copy);
            }
            copy.toFile().deleteOnExit();
            copy.getParent().toFile().deleteOnExit();
            return copy;
        }
        catch (final URISyntaxException | NullPointerException | IOException ex)
        {
            throw new IllegalArgumentException("no scenario " + name, ex);
        }
    }

    static int freeUdpAndTcpPort() throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try (DatagramSocket udp = new DatagramSocket(0))
            {
                final int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port))
                {
                    return port;
                }
                catch (final IOException ex)
                {
                    // taken for TCP: try another
                }
            }
        }
        throw new IOException("no free port");
    }

    /**
     * Runs one SIPp call.
     *
     * @param workDir   where SIPp writes its logs.
     * @param scenario  the scenario file.
     * @param callIdTag the Call-ID prefix (SIPp's -cid_str), so the test can find the call in the journal.
     * @param port      the gateway's port.
     * @param transport u1 (UDP) or t1 (TCP).
     * @param service   the [service] value.
     * @param extra     more SIPp options.
     * @return the run.
     */
    static SippRun sipp(
        final Path workDir,
        final Path scenario,
        final String callIdTag,
        final int port,
        final String transport,
        final String service,
        final String... extra) throws IOException, InterruptedException
    {
        final Path errors = workDir.resolve(callIdTag + "-errors.log");
        final Path output = workDir.resolve(callIdTag + "-output.log");
        final List<String> command = new ArrayList<>(List.of(
            "sipp", "-sf", scenario.toString(),
            "-s", service,
            "127.0.0.1:" + port,
            "-i", "127.0.0.1",
            "-p", Integer.toString(freeUdpAndTcpPort()),
            "-t", transport,
            "-timeout", "20s", "-timeout_error",
            "-recv_timeout", "10000",
            "-nostdin",
            "-trace_err", "-error_file", errors.toString(),
            "-cid_str", callIdTag + "-%u-%p@sipp.test"));
        boolean hasCount = false;
        for (final String e : extra)
        {
            hasCount |= e.equals("-m");
        }
        if (!hasCount)
        {
            command.add("-m");
            command.add("1");
        }
        command.addAll(List.of(extra));
        final Process process = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        if (!process.waitFor(90, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        final int exit = process.isAlive() ? -1 : process.exitValue();
        return new SippRun(exit, read(output), read(errors));
    }

    private static String read(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return "";
        }
        final String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
    }

    /** Reads the SIP inputs of an input journal. */
    static Journal journal(final Path inputJournalDir)
    {
        final List<Received> received = new ArrayList<>();
        final List<Fix> fixes = new ArrayList<>();
        final List<Ended> ended = new ArrayList<>();
        final List<Note> notes = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalCursor cursor = JournalCursor.open(inputJournalDir, JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                final byte[] copy = new byte[cursor.payloadLength()];
                cursor.buffer().getBytes(cursor.payloadOffset(), copy);
                final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(copy);
                header.wrap(buffer, 0);
                switch (header.templateId())
                {
                    case CallReceivedDecoder.TEMPLATE_ID:
                    {
                        final CallReceivedDecoder d = new CallReceivedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        final String caller = d.caller();
                        final String sipCallId = d.sipCallId();
                        final String emergencyCallId = d.emergencyCallId();
                        final String reference = d.locationReference();
                        received.add(new Received(cursor.sequence(), cursor.source(),
                            new CallReceivedDecoder().wrapAndApplyHeader(buffer, 0, header), caller, sipCallId, emergencyCallId, reference));
                        break;
                    }
                    case LocationFixDecoder.TEMPLATE_ID:
                    {
                        final LocationFixDecoder d = new LocationFixDecoder().wrapAndApplyHeader(buffer, 0, header);
                        final String caller = d.caller();
                        fixes.add(new Fix(cursor.sequence(), cursor.source(),
                            new LocationFixDecoder().wrapAndApplyHeader(buffer, 0, header), caller));
                        break;
                    }
                    case CallEndedDecoder.TEMPLATE_ID:
                    {
                        final CallEndedDecoder d = new CallEndedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        ended.add(new Ended(cursor.sequence(), cursor.source(), d.callId(), d.reason()));
                        break;
                    }
                    case IntakeNoteDecoder.TEMPLATE_ID:
                    {
                        final IntakeNoteDecoder d = new IntakeNoteDecoder().wrapAndApplyHeader(buffer, 0, header);
                        final long callId = d.callId();
                        final int template = d.inputTemplateId();
                        final String caller = d.caller();
                        final String asReceived = d.callerAsReceived();
                        notes.add(new Note(cursor.sequence(), cursor.source(), callId, template, caller, asReceived, d.bodyProblem()));
                        break;
                    }
                    default:
                        break;
                }
            }
            assertThat(status).as("journal walk: " + cursor.problem()).isEqualTo(JournalCursor.END);
        }
        return new Journal(received, fixes, ended, notes);
    }

    static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    /**
     * The PIDF-LO document of a scenario as SIPp sends it (each line stripped of its indentation).
     *
     * @return the bytes of the first PIDF-LO document in the scenario.
     */
    static byte[] pidfOf(final Path scenario) throws IOException
    {
        final String text = Files.readString(scenario, StandardCharsets.ISO_8859_1);
        final int start = text.indexOf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        final int end = text.indexOf("</presence>", start) + "</presence>".length();
        final StringBuilder pidf = new StringBuilder();
        for (final String line : text.substring(start, end).split("\n"))
        {
            pidf.append(line.strip()).append("\r\n");
        }
        pidf.setLength(pidf.length() - 2);
        return pidf.toString().getBytes(StandardCharsets.UTF_8);
    }
}
