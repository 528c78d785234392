package org.beacon.console.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives what {@link ConsoleModel#drainChanges(ChangeListener)} hands over, one call per key, in key order.
 */
public interface ChangeListener
{
    /**
     * An entity was created or changed since the last drain.
     *
     * @param key    the entity's key ("incident:12").
     * @param entity its newest state: the model's own node, valid until the model is next fed; copy it
     *               ({@code deepCopy()}) to keep it, never modify it.
     */
    void changed(String key, ObjectNode entity);

    /**
     * An entity left the model since the last drain (an evicted notice, an ended wave).
     *
     * @param key the entity's key.
     */
    void removed(String key);
}
