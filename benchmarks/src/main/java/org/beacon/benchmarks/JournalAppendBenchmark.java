package org.beacon.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JournalWriter#append} of a 100-byte record (40-byte header, 60-byte payload): the payload copy,
 * the header and its CRC32C, the Chronicle Queue append and the SHA-256 chain update, with a seal every
 * {@link JournalWriter#DEFAULT_MAX_BLOCK_RECORDS} records as in the node. Each iteration appends to a fresh
 * journal in a temporary folder, deleted after it, so the disk holds at most one iteration's records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalAppendBenchmark
{
    /** Payload length, so that header plus payload is 100 bytes. */
    static final int PAYLOAD_LENGTH = 100 - JournalRecordDescriptor.HEADER_LENGTH;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
    private Path dir;
    private JournalWriter writer;
    private long sequence;
    private long timestampNs;

    /** Opens a fresh journal. */
    @Setup(Level.Iteration)
    public void open()
    {
        for (int i = 0; i < PAYLOAD_LENGTH; i++)
        {
            payload.putByte(i, (byte)(i * 31));
        }
        dir = BenchSupport.tempDir("beacon-jmh-journal-");
        writer = JournalWriter.open(dir.resolve("input"), JournalRecordDescriptor.TYPE_INPUT, JournalWriter.DEFAULT_MAX_BLOCK_RECORDS);
        sequence = 0;
        timestampNs = 1_750_000_000_000_000_000L;
    }

    /** Closes and deletes the journal. */
    @TearDown(Level.Iteration)
    public void close()
    {
        writer.close();
        BenchSupport.deleteRecursively(dir);
    }

    /**
     * Appends one record.
     *
     * @return its sequence.
     */
    @Benchmark
    public long append()
    {
        final long seq = ++sequence;
        timestampNs += 1_000;
        payload.putLong(0, seq);
        return writer.append(seq, timestampNs, seq, 1, payload, 0, PAYLOAD_LENGTH);
    }
}
