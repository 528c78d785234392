package org.beacon.console.model;

/**
 * One entity kind of {@link ConsoleModel}: the templates of the input and output journals it reads and how it
 * folds them into its entities.
 */
interface EntityFold
{
    /**
     * @param inputs  receives the folds of the input journal's templates this kind reads.
     * @param outputs receives the folds of the output journal's templates this kind reads.
     */
    void register(FoldTable inputs, FoldTable outputs);
}
