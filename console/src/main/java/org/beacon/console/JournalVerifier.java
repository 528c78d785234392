package org.beacon.console;

import java.nio.file.Path;

/**
 * What the auditor's "verify" button runs on the server: the replay of a data folder's input journal
 * through the state machine, compared byte for byte with the recorded outputs. The console knows no state
 * machine; the module that does (replay) provides this through {@link java.util.ServiceLoader}, or the
 * launcher passes one in.
 */
public interface JournalVerifier
{
    /**
     * The outcome of a verification.
     *
     * @param identical whether every output was reproduced and both hash chains hold.
     * @param inputs    inputs replayed.
     * @param outputs   outputs compared.
     * @param summary   the verifier's last line, e.g. {@code identical: 962 inputs, 692 outputs}.
     * @param problem   the first differing or damaged record, or null.
     */
    record Outcome(boolean identical, long inputs, long outputs, String summary, String problem)
    {
    }

    /**
     * Verifies a data folder's journals (it may be live: the verifier reads what is sealed and written).
     *
     * @param dataDir the node's data folder.
     * @return the outcome.
     */
    Outcome verify(Path dataDir);
}
