package org.beacon.replay;

/**
 * What {@link ReplayVerifier} found in a data folder.
 *
 * @param identical             true when the journals are intact and replay reproduced every recorded output, byte for byte.
 * @param inputs                input records read (and applied, up to the first problem).
 * @param outputs               outputs the replay produced.
 * @param recordedOutputs       output records read from the recorded output journal.
 * @param inputSealsVerified    seals of the input journal whose chained hash matched.
 * @param outputSealsVerified   seals of the output journal whose chained hash matched.
 * @param inputUnsealedRecords  input records after the last input seal: checked by CRC and sequence only.
 * @param outputUnsealedRecords output records after the last output seal: checked by CRC, sequence and replay.
 * @param failure               the first problem, or null when identical.
 */
public record VerifyResult(
    boolean identical,
    long inputs,
    long outputs,
    long recordedOutputs,
    long inputSealsVerified,
    long outputSealsVerified,
    long inputUnsealedRecords,
    long outputUnsealedRecords,
    Failure failure)
{
    /** The journal a failure is found in. */
    public enum Journal
    {
        /** The input journal (DIR/journal/input). */
        INPUT,
        /** The recorded output journal (DIR/journal/output). */
        OUTPUT
    }

    /** What kind of failure. */
    public enum Kind
    {
        /** A journal failed its own checks: CRC, sequence continuity, timestamps, seals or hash chain. */
        DAMAGED,
        /** A recorded output differs from the one replay produces. */
        DIFFERENT,
        /** Replay produced an output the recorded journal lacks. */
        MISSING,
        /** The recorded journal holds outputs that replay does not produce. */
        EXTRA,
        /** The state machine threw while applying an input. */
        REPLAY_FAILED
    }

    /**
     * The first problem found.
     *
     * @param journal        the journal it is found in.
     * @param kind           what kind of problem.
     * @param sequence       the sequence in that journal where it is located (for a broken hash chain, the
     *                       first sequence of the block that fails).
     * @param inputSequence  the input involved (the input that produces the output named), or -1.
     * @param outputSequence the output involved, or -1.
     * @param description    one line for people, naming the journal, the sequences and what differs.
     */
    public record Failure(Journal journal, Kind kind, long sequence, long inputSequence, long outputSequence, String description)
    {
    }

    /** @return "identical: N inputs, M outputs", or the failure's description. */
    public String summary()
    {
        return identical ? "identical: " + inputs + " inputs, " + outputs + " outputs" : failure.description();
    }
}
