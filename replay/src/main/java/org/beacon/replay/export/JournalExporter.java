package org.beacon.replay.export;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.DataEra;
import org.beacon.center.DataNetwork;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.RecordChain;
import org.beacon.replay.ReplayVerifier;

/**
 * Writes a period of a data folder's journals into one portable file (see {@link ExportFormat}), checking every
 * record on the way: a damaged journal is not exported.
 */
public final class JournalExporter
{
    /** What was exported. */
    public record Summary(long firstInput, long lastInput, long inputs, long outputs, long inputSeals, long outputSeals)
    {
    }

    private JournalExporter()
    {
    }

    /**
     * Exports the blocks holding records of [fromNs, toNs].
     *
     * @param dir    the data folder.
     * @param out    the file to write (replaced atomically).
     * @param fromNs the period's start, epoch ns (Long.MIN_VALUE for the journal's start).
     * @param toNs   the period's end, epoch ns, inclusive (Long.MAX_VALUE for its end).
     * @return what was written.
     * @throws IOException           when the file cannot be written.
     * @throws IllegalStateException when a journal is damaged.
     */
    public static Summary export(final Path dir, final Path out, final long fromNs, final long toNs) throws IOException
    {
        final Path temp = out.resolveSibling(out.getFileName() + ".tmp");
        final MessageDigest digest = sha256();
        final Summary summary;
        try (OutputStream file = Files.newOutputStream(temp);
            GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16));
            DataOutputStream data = new DataOutputStream(new DigestOutputStream(gzip, digest)))
        {
            data.writeInt(ExportFormat.MAGIC);
            data.writeInt(ExportFormat.VERSION);
            data.writeLong(fromNs);
            data.writeLong(toNs);
            final Path network = DataNetwork.file(dir);
            final byte[] networkBytes = Files.isRegularFile(network) ? Files.readAllBytes(network) : new byte[0];
            data.writeInt(networkBytes.length);
            data.write(networkBytes);
            data.writeInt(DataEra.of(dir));
            final Section inputs = new Section(JournalRecordDescriptor.TYPE_INPUT, fromNs, toNs, Long.MAX_VALUE);
            inputs.copy(ReplayVerifier.inputJournalDir(dir), data);
            final Section outputs = new Section(JournalRecordDescriptor.TYPE_OUTPUT, Long.MIN_VALUE, Long.MAX_VALUE,
                inputs.lastData);
            outputs.firstCorrelation = inputs.firstData;
            outputs.copy(ReplayVerifier.outputJournalDir(dir), data);
            data.flush();
            gzip.write(digest.digest());
            summary = new Summary(inputs.firstData, inputs.lastData, inputs.dataCount, outputs.dataCount, inputs.seals,
                outputs.seals);
        }
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return summary;
    }

    static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * One journal's part of the export. Input blocks are chosen by their records' timestamps; output blocks by
     * their records' input sequences (correlation ids), so that the outputs of exactly the exported inputs go.
     */
    private static final class Section
    {
        private final int type;
        private final long fromNs;
        private final long toNs;
        private final long maxCorrelation;
        private long firstCorrelation = Long.MIN_VALUE;
        private final List<byte[]> block = new ArrayList<>();
        private boolean blockWanted;
        private boolean started;
        private boolean done;
        private RecordChain.Anchor blockAnchor;
        private long firstData = -1;
        private long lastData;
        private long dataCount;
        private long seals;

        Section(final int type, final long fromNs, final long toNs, final long maxCorrelation)
        {
            this.type = type;
            this.fromNs = fromNs;
            this.toNs = toNs;
            this.maxCorrelation = maxCorrelation;
        }

        void copy(final Path journal, final DataOutputStream out) throws IOException
        {
            final RecordChain chain = new RecordChain(type, RecordChain.Anchor.genesis());
            blockAnchor = RecordChain.Anchor.genesis();
            out.writeInt(type);
            try (JournalCursor cursor = JournalCursor.open(journal, type))
            {
                final UnsafeBuffer record = cursor.buffer();
                int length;
                while (!done && (length = cursor.nextRaw()) >= 0)
                {
                    final int result = chain.next(record, length, null);
                    if (result == RecordChain.DAMAGED)
                    {
                        throw new IllegalStateException(journal + " is damaged at " + chain.problem() +
                            "; run: beacon replay verify");
                    }
                    onRecord(record, length, result, chain, out);
                }
            }
            if (!done)
            {
                flushBlock(out);
            }
            if (!started)
            {
                writeAnchor(out, new RecordChain.Anchor(chain.lastSequence() + 1, chain.sealNumber(), chain.chainHash(),
                    chain.lastTimestampNs()));
            }
            out.writeInt(ExportFormat.END_OF_SECTION);
        }

        private void onRecord(final UnsafeBuffer record, final int length, final int result, final RecordChain chain,
            final DataOutputStream out) throws IOException
        {
            if (result == RecordChain.DATA)
            {
                final long key = type == JournalRecordDescriptor.TYPE_INPUT ?
                    record.getLong(JournalRecordDescriptor.TIMESTAMP_OFFSET) :
                    record.getLong(JournalRecordDescriptor.CORRELATION_ID_OFFSET);
                if (type == JournalRecordDescriptor.TYPE_OUTPUT && key > maxCorrelation)
                {
                    flushBlock(out);
                    done = true;
                    return;
                }
                final long low = type == JournalRecordDescriptor.TYPE_INPUT ? fromNs : firstCorrelation;
                blockWanted |= key >= low && key <= (type == JournalRecordDescriptor.TYPE_INPUT ? toNs : maxCorrelation);
                if (type == JournalRecordDescriptor.TYPE_INPUT && key > toNs && !blockWanted && started)
                {
                    done = true;
                    return;
                }
            }
            final byte[] copy = new byte[length];
            record.getBytes(0, copy);
            block.add(copy);
            if (result == RecordChain.SEAL)
            {
                flushBlock(out);
                blockAnchor = new RecordChain.Anchor(chain.lastSequence() + 1, chain.sealNumber(), chain.chainHash(),
                    chain.lastTimestampNs());
            }
        }

        private void flushBlock(final DataOutputStream out) throws IOException
        {
            if (blockWanted)
            {
                if (!started)
                {
                    writeAnchor(out, blockAnchor);
                    started = true;
                }
                for (final byte[] record : block)
                {
                    out.writeInt(record.length);
                    out.write(record);
                    if (record.length >= JournalRecordDescriptor.HEADER_LENGTH &&
                        new UnsafeBuffer(record).getInt(JournalRecordDescriptor.TYPE_OFFSET) == JournalRecordDescriptor.TYPE_SEAL)
                    {
                        seals++;
                    }
                    else
                    {
                        final long sequence = new UnsafeBuffer(record).getLong(JournalRecordDescriptor.SEQUENCE_OFFSET);
                        firstData = firstData < 0 ? sequence : firstData;
                        lastData = sequence;
                        dataCount++;
                    }
                }
            }
            else if (started)
            {
                done = true;
            }
            block.clear();
            blockWanted = false;
        }

        private static void writeAnchor(final DataOutputStream out, final RecordChain.Anchor anchor) throws IOException
        {
            out.writeLong(anchor.firstSequence());
            out.writeLong(anchor.sealNumber());
            out.write(anchor.previousHash());
            out.writeLong(anchor.lastTimestampNs());
        }
    }
}
