package org.beacon.console.model;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * Which fold of {@link ConsoleModel} reads each template of one journal: each entity kind declares its templates
 * ({@link EntityFold#register}), the model looks a record's template up once.
 */
final class FoldTable
{
    /** Folds one record of a template into the model; the record is in the kind's {@code MessageView}. */
    @FunctionalInterface
    interface Fold
    {
        /**
         * @param sequence    the input's sequence (for an output, of the input that produced it).
         * @param timestampNs that input's timestamp, ns since the epoch.
         */
        void apply(long sequence, long timestampNs);
    }

    private final Int2ObjectHashMap<Fold> folds = new Int2ObjectHashMap<>();

    /**
     * @param templateId a template of this journal.
     * @param fold       what folds it; a template has one fold.
     */
    void on(final int templateId, final Fold fold)
    {
        if (null != folds.put(templateId, fold))
        {
            throw new IllegalStateException("template " + templateId + " has two folds");
        }
    }

    /** @return the fold of the template, or null for one no kind reads. */
    Fold get(final int templateId)
    {
        return folds.get(templateId);
    }
}
