package org.beacon.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.core.NodeContext;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.core.snapshot.SnapshotStore;

/**
 * {@code replay verify --snapshots}: each snapshot of a data folder against replay, or passed over (as a node passes it
 * over) when the state machine refuses it.
 */
public final class SnapshotVerifier
{
    /**
     * How one snapshot file of a data folder compares with replay.
     *
     * @param file                    the snapshot file.
     * @param sequence                the last input it includes, or -1 when unreadable.
     * @param matchesReplay           a replay from the start, stopped at that input, has the same state bytes
     *                                and the same output count.
     * @param tailReplaysToSameState  restoring it and replaying the rest of the journal ends in the same state
     *                                bytes and output count as a replay from the start.
     * @param problem                 what is wrong, or null.
     * @param refused                 why the state machine refuses to restore it (an older format, say), or null:
     *                                a node passes such a snapshot over and replays from the journal, so it is no fault.
     */
    public record SnapshotCheck(Path file, long sequence, boolean matchesReplay, boolean tailReplaysToSameState, String problem,
        String refused)
    {
        /** @return true when the snapshot matches replay and continues to the same final state, or is refused. */
        public boolean ok()
        {
            return null != refused || matchesReplay && tailReplaysToSameState;
        }
    }

    private SnapshotVerifier()
    {
    }

    /**
     * Checks every snapshot in a data folder against replay: that a replay from the start, stopped at
     * the snapshot's input, has the same state bytes and output count, and that the snapshot plus the
     * journal's tail replays to the same final state as a replay from the start.
     *
     * @param dir          the data folder.
     * @param stateMachine supplies fresh state machines.
     * @return one check per snapshot file, oldest first (empty when there are none).
     */
    public static List<SnapshotCheck> verifySnapshots(final Path dir, final Supplier<? extends StateMachine> stateMachine)
    {
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            throw new IllegalArgumentException(missing);
        }
        final Path inputDir = ReplayVerifier.inputJournalDir(dir);
        final List<Path> files = new SnapshotStore(new NodeContext().dataDir(dir).snapshotDir(), Integer.MAX_VALUE).list();
        final List<SnapshotStore.Snapshot> snapshots = new ArrayList<>();
        final List<SnapshotStore.Checked> checked = new ArrayList<>();
        for (final Path file : files)
        {
            final SnapshotStore.Checked check = SnapshotStore.inspect(file);
            checked.add(check);
            snapshots.add(check.snapshot());
        }

        final byte[][] atSnapshot = new byte[files.size()][];
        final long[] outputsAtSnapshot = new long[files.size()];
        final StateMachine full = stateMachine.get();
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64 * 1024);
        final long[] outputCount = {0};
        final JournalReplayer.Result fullResult = JournalReplayer.replay(inputDir, full, 0, 0,
            (sequence, timestampNs, buffer, offset, length) ->
            {
                capture(snapshots, sequence - 1, full, scratch, atSnapshot, outputsAtSnapshot, outputCount[0]);
                return true;
            },
            (outputSequence, inputSequence, timestampNs, buffer, offset, length) -> outputCount[0] = outputSequence);
        capture(snapshots, fullResult.lastSequence(), full, scratch, atSnapshot, outputsAtSnapshot, fullResult.outputSequence());
        final byte[] finalState = stateBytes(full, scratch);

        final List<SnapshotCheck> checks = new ArrayList<>();
        for (int i = 0; i < files.size(); i++)
        {
            final SnapshotStore.Snapshot snapshot = snapshots.get(i);
            if (null == snapshot)
            {
                // a damaged file is a problem; one of a format this build no longer reads is skipped, as a node skips it
                final SnapshotStore.Checked check = checked.get(i);
                checks.add(check.damaged() ? new SnapshotCheck(files.get(i), -1, false, false, check.problem(), null) :
                    new SnapshotCheck(files.get(i), -1, false, false, null, check.problem()));
                continue;
            }
            final String refused = refusal(stateMachine.get(), snapshot);
            if (null != refused)
            {
                checks.add(new SnapshotCheck(files.get(i), snapshot.sequence(), false, false, null, refused));
                continue;
            }
            final byte[] state = new byte[snapshot.state().capacity()];
            snapshot.state().getBytes(0, state);
            String problem = null;
            if (fullResult.status() != JournalReplayer.END)
            {
                problem = "input journal damaged: " + fullResult.problem();
            }
            else if (null == atSnapshot[i])
            {
                problem = "taken at input " + snapshot.sequence() + ", beyond the journal's end at " + fullResult.lastSequence();
            }
            final boolean matches = null == problem && Arrays.equals(state, atSnapshot[i]) &&
                outputsAtSnapshot[i] == snapshot.outputSequence();
            if (null == problem && !matches)
            {
                problem = "differs from a replay stopped at input " + snapshot.sequence() + " (" +
                    (outputsAtSnapshot[i] == snapshot.outputSequence() ? "state bytes differ" :
                    "snapshot counts " + snapshot.outputSequence() + " outputs, replay " + outputsAtSnapshot[i]) + ")";
            }

            boolean tail = false;
            if (fullResult.status() == JournalReplayer.END && null != atSnapshot[i])
            {
                final StateMachine restored = stateMachine.get();
                restored.restore(snapshot.state(), 0, snapshot.state().capacity());
                final JournalReplayer.Result tailResult = JournalReplayer.replay(
                    inputDir, restored, snapshot.sequence(), snapshot.outputSequence(), null, null);
                tail = tailResult.status() == JournalReplayer.END &&
                    tailResult.outputSequence() == fullResult.outputSequence() &&
                    Arrays.equals(stateBytes(restored, scratch), finalState);
                if (!tail && null == problem)
                {
                    problem = "snapshot + tail does not replay to the state of a replay from the start";
                }
            }
            checks.add(new SnapshotCheck(files.get(i), snapshot.sequence(), matches, tail, problem, null));
        }
        return checks;
    }

    private static String refusal(final StateMachine fresh, final SnapshotStore.Snapshot snapshot)
    {
        try
        {
            fresh.restore(snapshot.state(), 0, snapshot.state().capacity());
            return null;
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            return ex.getMessage();
        }
    }

    private static void capture(
        final List<SnapshotStore.Snapshot> snapshots,
        final long appliedSequence,
        final StateMachine stateMachine,
        final ExpandableArrayBuffer scratch,
        final byte[][] atSnapshot,
        final long[] outputsAtSnapshot,
        final long outputs)
    {
        for (int i = 0; i < snapshots.size(); i++)
        {
            final SnapshotStore.Snapshot snapshot = snapshots.get(i);
            if (null != snapshot && null == atSnapshot[i] && snapshot.sequence() == appliedSequence)
            {
                atSnapshot[i] = stateBytes(stateMachine, scratch);
                outputsAtSnapshot[i] = outputs;
            }
        }
    }

    static byte[] stateBytes(final StateMachine stateMachine, final ExpandableArrayBuffer scratch)
    {
        final int length = stateMachine.snapshot(scratch, 0);
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes);
        return bytes;
    }
}
