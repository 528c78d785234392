package org.beacon.dispatch.alert;

import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.Hazard;

/** Raw schema values to their enums, refusing the null value and values this build does not know. */
final class AlertCodes
{
    private AlertCodes()
    {
    }

    /**
     * @param raw a hazard's value.
     * @return the hazard, or {@code null} when unknown.
     */
    static Hazard hazardOf(final short raw)
    {
        for (final Hazard h : Hazard.values())
        {
            if (h.value() == raw && h != Hazard.NULL_VAL)
            {
                return h;
            }
        }
        return null;
    }

    /**
     * @param raw an action's value.
     * @return the action, or {@code null} when unknown.
     */
    static AlertAction actionOf(final short raw)
    {
        for (final AlertAction a : AlertAction.values())
        {
            if (a.value() == raw && a != AlertAction.NULL_VAL)
            {
                return a;
            }
        }
        return null;
    }

    /**
     * @param raw a state's value, as a snapshot holds it.
     * @return the state.
     * @throws IllegalArgumentException when unknown.
     */
    static AlertState stateOf(final short raw)
    {
        for (final AlertState s : AlertState.values())
        {
            if (s.value() == raw && s != AlertState.NULL_VAL)
            {
                return s;
            }
        }
        throw new IllegalArgumentException("alert snapshot: unknown state " + raw);
    }
}
