package org.beacon.replay.alerts;

import org.beacon.core.MessageView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;

import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.dispatch.alert.cap.CapValidator;
import org.beacon.replay.ReplayCommand;
import org.beacon.replay.ReplayVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay alerts DIR --out FOLDER}: every CAP message the node sent, as recorded in DIR's output journal, one XML
 * file each named by its identifier ({@code VN-HCM-112-1042-1.xml}), byte for byte what went to the broadcast gateway.
 * Each message is checked against the CAP 1.2 schema and geometry rules on the way; one line per message is printed:
 * {@code IDENTIFIER MSGTYPE SENT FILE}. Exit 0 when every message was written and is valid, 1 when the journal is
 * damaged or a message is invalid, 2 for a usage error.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "Writes every CAP message DIR's output journal records, one XML file each, named by identifier.")
public final class AlertsCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the data folder (holding journal/output)")
    private Path dir;

    @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "where the XML files go (created)")
    private Path outDir;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            err.println("replay alerts: " + missing);
            err.flush();
            return ReplayCommand.EXIT_USAGE;
        }
        try
        {
            Files.createDirectories(outDir);
        }
        catch (final IOException ex)
        {
            err.println("replay alerts: cannot create " + outDir + ": " + ex.getMessage());
            err.flush();
            return ReplayCommand.EXIT_USAGE;
        }
        final MessageView view = new MessageView();
        final AlertIssuedDecoder issued = new AlertIssuedDecoder();
        int written = 0;
        int invalid = 0;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.outputJournalDir(dir), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                if (view.wrap(cursor.buffer(), cursor.payloadOffset(), cursor.payloadLength()) != AlertIssuedDecoder.TEMPLATE_ID)
                {
                    continue;
                }
                issued.wrap(view.buffer(), MessageView.BODY, view.blockLength(), view.version());
                final String msgType = String.valueOf(issued.msgType());
                final AlertIssuedDecoder.PolygonDecoder polygon = issued.polygon();
                while (polygon.hasNext())
                {
                    polygon.next();
                }
                final String identifier = issued.identifier();
                final String xml = issued.capXml();
                final Path file = outDir.resolve(fileName(identifier));
                Files.writeString(file, xml, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
                written++;
                final List<String> problems = CapValidator.validate(xml);
                out.println(identifier + " " + msgType + " " + sent(xml) + " " + file + (problems.isEmpty() ? "" : " INVALID"));
                for (final String problem : problems)
                {
                    invalid++;
                    err.println("replay alerts: " + identifier + " at output " + cursor.sequence() + ": " + problem);
                }
            }
            if (status == JournalCursor.DAMAGED)
            {
                err.println("replay alerts: the output journal is damaged at " + cursor.problemSequence() + ": " + cursor.problem() +
                    " (" + written + " messages written before it)");
                err.flush();
                out.flush();
                return ReplayCommand.EXIT_FAILED;
            }
        }
        catch (final IOException ex)
        {
            err.println("replay alerts: cannot write to " + outDir + ": " + ex.getMessage());
            err.flush();
            return ReplayCommand.EXIT_FAILED;
        }
        out.println("alerts written=" + written + " invalid=" + invalid + " folder=" + outDir);
        out.flush();
        err.flush();
        return invalid == 0 ? ReplayCommand.EXIT_OK : ReplayCommand.EXIT_FAILED;
    }

    /**
     * The file an identifier is written to: the identifier with every character outside {@code [A-Za-z0-9._-]} as
     * {@code _} (CAP identifiers exclude spaces, commas and markup, but may hold {@code /} or {@code :}), plus
     * {@code .xml}.
     *
     * @param identifier the CAP identifier.
     * @return the file name.
     */
    public static String fileName(final String identifier)
    {
        final StringBuilder name = new StringBuilder(identifier.length() + 4);
        for (int i = 0; i < identifier.length(); i++)
        {
            final char c = identifier.charAt(i);
            name.append(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' ?
                c : '_');
        }
        if (name.isEmpty() || name.charAt(0) == '.')
        {
            name.insert(0, '_');
        }
        return name.append(".xml").toString();
    }

    private static String sent(final String xml)
    {
        final int start = xml.indexOf("<sent>");
        final int end = xml.indexOf("</sent>");
        return start < 0 || end < start ? "?" : xml.substring(start + 6, end);
    }
}
