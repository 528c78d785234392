package org.beacon.replay.export;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.DataEra;
import org.beacon.center.DataNetwork;
import org.beacon.dispatch.DispatchConfig;
import org.beacon.core.journal.JournalCopy;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.RecordChain;
import org.beacon.replay.ReplayVerifier;

/**
 * Reads a journal export (see {@link ExportFormat}) and checks it on its own: the file's digest, and each
 * section's records from its anchor with the journal's own checks ({@link RecordChain}: CRCs, sequences,
 * timestamps, seals and the hash chain). An export that starts at the journals' beginning can be written back
 * into a data folder, which {@link ReplayVerifier} then replays.
 */
public final class ExportReader
{
    /** What one section held. */
    public record Section(RecordChain.Anchor anchor, long dataRecords, long seals, long unsealed, long lastSequence)
    {
        /** @return the anchor's hash in hex, for an auditor to compare with the node's chain. */
        public String anchorHash()
        {
            return HexFormat.of().formatHex(anchor.previousHash());
        }
    }

    /**
     * The file's contents as checked.
     *
     * @param fromNs  the period asked for at export.
     * @param toNs    its end.
     * @param inputs  the input section (null when the file is damaged before it).
     * @param outputs the output section (null when the file is damaged before it).
     * @param problem the first problem, or null when the whole file checks.
     */
    public record Result(long fromNs, long toNs, Section inputs, Section outputs, String problem)
    {
        /** @return true when the export starts at the journals' beginning, so that it can be replayed. */
        public boolean fromStart()
        {
            return null != inputs && null != outputs && inputs.anchor().isGenesis() && outputs.anchor().isGenesis();
        }
    }

    private ExportReader()
    {
    }

    /**
     * Checks an export, writing it back into {@code dataDir} as journals (and its road network) when it starts
     * at the journals' beginning and {@code dataDir} is not null.
     *
     * @param file    the export.
     * @param dataDir an empty or absent folder to restore into, or null to check only.
     * @return what was found.
     * @throws IOException when the file cannot be read at all.
     */
    public static Result read(final Path file, final Path dataDir) throws IOException
    {
        final MessageDigest digest = JournalExporter.sha256();
        try (InputStream raw = Files.newInputStream(file);
            GZIPInputStream gzip = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16));
            DigestInputStream digesting = new DigestInputStream(gzip, digest);
            DataInputStream in = new DataInputStream(digesting))
        {
            return read(in, digesting, dataDir);
        }
        catch (final ZipException ex)
        {
            return new Result(0, 0, null, null, "not a journal export (not gzip): " + ex.getMessage());
        }
    }

    private static Result read(final DataInputStream in, final DigestInputStream digesting, final Path dataDir)
        throws IOException
    {
        long fromNs = 0;
        long toNs = 0;
        Section inputs = null;
        Section outputs = null;
        try
        {
            if (in.readInt() != ExportFormat.MAGIC)
            {
                return new Result(0, 0, null, null, "not a journal export (no 'BJEX' magic)");
            }
            final int version = in.readInt();
            if (version != ExportFormat.VERSION && version != ExportFormat.VERSION_1)
            {
                return new Result(0, 0, null, null, "export format " + version + "; this build reads " + ExportFormat.VERSION_1 +
                    " and " + ExportFormat.VERSION);
            }
            fromNs = in.readLong();
            toNs = in.readLong();
            final byte[] network = readBytes(in, ExportFormat.MAX_NETWORK, "road network");
            final int era = version == ExportFormat.VERSION_1 ? DispatchConfig.ERA_1 : in.readInt();
            if (era < DispatchConfig.ERA_1 || era > DispatchConfig.CURRENT_ERA)
            {
                return new Result(fromNs, toNs, null, null, "journal era " + era + "; this build knows 1.." +
                    DispatchConfig.CURRENT_ERA + " (a newer build exported it)");
            }
            final SectionReader inputReader = new SectionReader(JournalRecordDescriptor.TYPE_INPUT);
            inputs = inputReader.read(in, null == dataDir ? null : ReplayVerifier.inputJournalDir(dataDir));
            if (null != inputReader.problem)
            {
                return new Result(fromNs, toNs, inputs, null, "input section: " + inputReader.problem);
            }
            final SectionReader outputReader = new SectionReader(JournalRecordDescriptor.TYPE_OUTPUT);
            outputs = outputReader.read(in, null == dataDir || !inputs.anchor().isGenesis() ? null :
                ReplayVerifier.outputJournalDir(dataDir));
            if (null != outputReader.problem)
            {
                return new Result(fromNs, toNs, inputs, outputs, "output section: " + outputReader.problem);
            }
            final byte[] expected = digesting.getMessageDigest().digest();
            digesting.on(false);
            final byte[] trailer = in.readNBytes(expected.length);
            if (!Arrays.equals(expected, trailer) || in.read() >= 0)
            {
                return new Result(fromNs, toNs, inputs, outputs, "the file's SHA-256 trailer does not match its contents");
            }
            if (null != dataDir && network.length > 0 && inputs.anchor().isGenesis())
            {
                Files.write(DataNetwork.file(dataDir), network);
            }
            if (null != dataDir && inputs.anchor().isGenesis())
            {
                DataEra.write(dataDir, era);
            }
            return new Result(fromNs, toNs, inputs, outputs, null);
        }
        catch (final EOFException ex)
        {
            return new Result(fromNs, toNs, inputs, outputs, "the file ends early (truncated)");
        }
    }

    private static byte[] readBytes(final DataInputStream in, final int max, final String what) throws IOException
    {
        final int length = in.readInt();
        if (length < 0 || length > max)
        {
            throw new EOFException(what + " of " + length + " bytes");
        }
        final byte[] bytes = in.readNBytes(length);
        if (bytes.length != length)
        {
            throw new EOFException(what);
        }
        return bytes;
    }

    /** Reads and checks one section, copying its records into a journal folder when asked. */
    private static final class SectionReader
    {
        private final int type;
        private String problem;

        SectionReader(final int type)
        {
            this.type = type;
        }

        Section read(final DataInputStream in, final Path copyTo) throws IOException
        {
            final int sectionType = in.readInt();
            if (sectionType != type)
            {
                problem = "record type " + sectionType + " where " + type + " was expected";
                return null;
            }
            final long first = in.readLong();
            final long sealNumber = in.readLong();
            final byte[] hash = in.readNBytes(JournalRecordDescriptor.HASH_LENGTH);
            final RecordChain.Anchor anchor = new RecordChain.Anchor(first, sealNumber, hash, in.readLong());
            if (hash.length != JournalRecordDescriptor.HASH_LENGTH)
            {
                throw new EOFException("anchor");
            }
            final RecordChain chain = new RecordChain(type, anchor);
            final UnsafeBuffer record = new UnsafeBuffer(new byte[0]);
            try (JournalCopy copy = null == copyTo || !anchor.isGenesis() ? null : JournalCopy.create(copyTo))
            {
                int length;
                long index = 0;
                while ((length = in.readInt()) != ExportFormat.END_OF_SECTION)
                {
                    if (length < 0 || length > ExportFormat.MAX_RECORD)
                    {
                        problem = "record " + index + " claims " + length + " bytes";
                        break;
                    }
                    final byte[] bytes = in.readNBytes(length);
                    if (bytes.length != length)
                    {
                        throw new EOFException("record");
                    }
                    record.wrap(bytes);
                    if (chain.next(record, length, "record " + index + " of the section") == RecordChain.DAMAGED)
                    {
                        problem = chain.problem();
                        break;
                    }
                    if (null != copy)
                    {
                        copy.write(bytes, 0, length);
                    }
                    index++;
                }
            }
            return new Section(anchor, chain.dataRecords(), chain.sealsVerified(), chain.unsealedRecords(),
                chain.lastSequence());
        }
    }
}
