package org.beacon.dispatch.alert.broadcast;

/**
 * Observes the broadcast gateway in process (the bench, tests, the demo). Called on the gateway's thread after the
 * report went to the core: keep it short, hand heavy work to another thread.
 */
@FunctionalInterface
public interface BroadcastListener
{
    /**
     * One issued CAP message was handled.
     *
     * @param event what was done and what the handsets showed.
     */
    void onBroadcast(BroadcastEvent event);
}
