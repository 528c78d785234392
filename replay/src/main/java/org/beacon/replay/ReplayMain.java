package org.beacon.replay;

/**
 * Entry point of {@code ./beacon replay ...}: runs {@link ReplayCommand} and exits with its code.
 */
public final class ReplayMain
{
    private ReplayMain()
    {
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code replay}: {@code verify DIR} or {@code show DIR --at TIME}.
     */
    public static void main(final String[] args)
    {
        System.exit(ReplayCommand.commandLine().execute(args));
    }
}
