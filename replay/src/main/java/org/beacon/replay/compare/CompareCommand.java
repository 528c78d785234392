package org.beacon.replay.compare;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.ReplayCommand;
import org.beacon.replay.ReplayVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay compare DIR DIR...}: do these data folders (the members of a cluster, a node and its copy) hold the
 * same history? Their input journals, then their output journals, are compared document by document, seals
 * included, each copy checked as it is read ({@link JournalCompare}). One line per journal, then
 * {@code identical: N inputs, M outputs (up to the shortest)} and exit 0, or the first difference (or damaged copy)
 * and exit 1; 2 for a usage error.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Checks that data folders' journals hold the same records and seals up to the shortest; names the first difference.")
public final class CompareCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "DIR", description = "two or more data folders (holding journal/input and journal/output)")
    private List<Path> dirs;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<String> names = new ArrayList<>();
        for (final Path dir : dirs)
        {
            final String missing = ReplayVerifier.checkDataDir(dir);
            if (null != missing)
            {
                err.println("replay compare: " + missing);
                err.flush();
                return ReplayCommand.EXIT_USAGE;
            }
            names.add(dir.toString());
        }
        final JournalCompare.Result inputs = JournalCompare.compare(dirs.stream().map(ReplayVerifier::inputJournalDir).toList(),
            names, JournalRecordDescriptor.TYPE_INPUT);
        report(out, "input", inputs);
        final JournalCompare.Result outputs = inputs.identical() ?
            JournalCompare.compare(dirs.stream().map(ReplayVerifier::outputJournalDir).toList(), names,
                JournalRecordDescriptor.TYPE_OUTPUT) : null;
        if (null != outputs)
        {
            report(out, "output", outputs);
        }
        final boolean identical = inputs.identical() && null != outputs && outputs.identical();
        if (identical)
        {
            out.println("identical: " + inputs.records() + " inputs, " + outputs.records() + " outputs (up to the shortest of " +
                dirs.size() + " folders)");
        }
        else
        {
            out.println("different: " + (inputs.identical() ? "output" : "input") + " journal, " +
                (inputs.identical() ? outputs : inputs).difference());
        }
        out.flush();
        return identical ? ReplayCommand.EXIT_OK : ReplayCommand.EXIT_FAILED;
    }

    private static void report(final PrintWriter out, final String journal, final JournalCompare.Result result)
    {
        out.println(journal + ": " + (result.identical() ? "same" : "DIFFERENT") + " in " + result.documents() + " documents (" +
            result.records() + " records, " + result.seals() + " seals)" +
            (result.longest() > result.documents() ? "; the longest copy holds " + result.longest() : "") +
            (result.identical() ? "" : "; " + result.difference()));
    }
}
