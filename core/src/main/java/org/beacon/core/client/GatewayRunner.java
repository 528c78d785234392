package org.beacon.core.client;

import java.util.concurrent.ThreadFactory;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * The one thread that owns a gateway's {@link GatewaySession}: it runs the gateway's duty cycle until closed, and
 * the agent's {@link Agent#onClose()} (which closes the session) runs on that thread too, after the last cycle.
 * Closing waits for the thread.
 */
public final class GatewayRunner implements AutoCloseable
{
    private final AgentRunner runner;

    private GatewayRunner(final AgentRunner runner)
    {
        this.runner = runner;
    }

    /**
     * Starts an agent on its own thread, named after its role.
     *
     * @param agent  the gateway's duty cycle.
     * @param idle   how the thread waits when a cycle did nothing.
     * @param errors told of an exception a cycle throws (the thread goes on).
     * @param daemon whether the thread is a daemon (it does not keep the JVM alive).
     * @return the running thread's handle.
     */
    public static GatewayRunner start(final Agent agent, final IdleStrategy idle, final ErrorHandler errors, final boolean daemon)
    {
        final GatewayRunner gatewayRunner = new GatewayRunner(new AgentRunner(idle, errors, null, agent));
        final ThreadFactory threads = runnable ->
        {
            final Thread thread = new Thread(runnable, agent.roleName());
            thread.setDaemon(daemon);
            return thread;
        };
        AgentRunner.startOnThread(gatewayRunner.runner, threads);
        return gatewayRunner;
    }

    /** @return the gateway's thread (or {@link AgentRunner#TOMBSTONE} once it ended, null before it started). */
    public Thread thread()
    {
        return runner.thread();
    }

    /** Stops the thread after its current cycle and waits for it (and for the agent's close). */
    @Override
    public void close()
    {
        CloseHelper.quietClose(runner);
    }
}
