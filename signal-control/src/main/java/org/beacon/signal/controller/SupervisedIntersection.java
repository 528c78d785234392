package org.beacon.signal.controller;

/**
 * One signal cabinet: the controller drives the lamps, the conflict monitor watches them, and a violation
 * transfers the cabinet to fault flash, where it stays until an operator resets it. {@link #step(long)} does not
 * allocate.
 */
public final class SupervisedIntersection
{
    /** Something between the controller's outputs and the field (a stuck load switch, a crossed wire); tests only. */
    interface FieldFault
    {
        void apply(long nowNs, int[] vehicleLamps, int[] pedLamps);
    }

    private final RingBarrierController controller;
    private final ConflictMonitor monitor;
    private final int[] vehicleLamps = new int[ControllerConfig.PHASES + 1];
    private final int[] pedLamps = new int[ControllerConfig.PHASES + 1];
    private FieldFault fieldFault;

    /**
     * A cabinet that powers up at {@code nowNs}.
     *
     * @param config the intersection's configuration, shared by the controller and the monitor's program card
     * @param nowNs  power-up time
     */
    public SupervisedIntersection(final ControllerConfig config, final long nowNs)
    {
        this.controller = new RingBarrierController(config, nowNs);
        this.monitor = new ConflictMonitor(config);
    }

    /**
     * Advances the controller, lets the monitor check the lamps and, on a violation, orders fault flash.
     *
     * @param nowNs the time
     * @return the violation bits found in this step, 0 when fine (also while already in fault flash)
     */
    public int step(final long nowNs)
    {
        controller.advanceTo(nowNs);
        final long now = controller.nowNs();
        for (int p = 1; p <= ControllerConfig.PHASES; p++)
        {
            vehicleLamps[p] = controller.lamps(p);
            pedLamps[p] = controller.pedLamps(p);
        }
        if (fieldFault != null)
        {
            fieldFault.apply(now, vehicleLamps, pedLamps);
        }
        final int bits = monitor.check(now, vehicleLamps, pedLamps);
        if (bits != 0)
        {
            controller.faultFlash(bits, now);
        }
        return bits;
    }

    public RingBarrierController controller()
    {
        return controller;
    }

    public ConflictMonitor monitor()
    {
        return monitor;
    }

    /**
     * Operator reset after a fault: the monitor first, so it watches the startup all-red afresh, then the controller.
     *
     * @param nowNs the time
     * @return the controller's result code
     */
    public int resetFault(final long nowNs)
    {
        monitor.reset();
        return controller.resetFault(nowNs);
    }

    void fieldFault(final FieldFault fault)
    {
        this.fieldFault = fault;
    }
}
