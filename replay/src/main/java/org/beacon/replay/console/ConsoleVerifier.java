package org.beacon.replay.console;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.beacon.center.DataNetwork;
import org.beacon.console.JournalVerifier;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.VerifyResult;

/**
 * The auditor's "verify" button: {@code replay verify} on the node's own data folder, while the node runs. Found
 * by the console through {@link java.util.ServiceLoader} when the replay module is on the classpath (as
 * {@code ./beacon node} and {@code demo} run it).
 */
public final class ConsoleVerifier implements JournalVerifier
{
    private static final long TAIL_WAIT_NS = TimeUnit.SECONDS.toNanos(2);

    /** Creates the verifier (the service loader's constructor). */
    public ConsoleVerifier()
    {
    }

    @Override
    public Outcome verify(final Path dataDir)
    {
        final String missing = ReplayVerifier.checkDataDir(dataDir);
        if (null != missing)
        {
            return new Outcome(false, 0, 0, missing, missing);
        }
        final VerifyResult result = ReplayVerifier.verify(dataDir, DataNetwork.stateMachines(dataDir), null, TAIL_WAIT_NS);
        return new Outcome(result.identical(), result.inputs(), result.outputs(), result.summary(),
            result.identical() ? null : result.failure().description());
    }
}
