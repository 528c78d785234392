package org.beacon.dispatch.fuzz;

import java.util.List;

import org.beacon.dispatch.location.ParsedLocation;

/**
 * What the fuzz targets count as a defect beyond an exception escaping a parser that documents that it never throws: a
 * programming error that a parser caught and turned into a rejection (its reason or cause names it), and a location
 * that is usable yet outside the earth.
 */
public final class Defects
{
    private static final List<String> BUGS = List.of("NullPointerException", "IndexOutOfBoundsException", "ClassCastException",
        "ArithmeticException", "NegativeArraySizeException", "ArrayStoreException", "StackOverflowError", "OutOfMemoryError",
        "ConcurrentModificationException");

    private Defects()
    {
    }

    /**
     * @param text  a rejection's reason.
     * @param input the input, as text: a reason that quotes the input may name an exception without being one.
     * @throws AssertionError when the reason names a programming error the parser swallowed.
     */
    public static void reason(final String text, final String input)
    {
        if (null == text)
        {
            return;
        }
        for (final String bug : BUGS)
        {
            if (text.contains(bug) && !input.contains(bug))
            {
                throw new AssertionError("a programming error turned into a rejection: " + text);
            }
        }
    }

    /**
     * @param failure a parser's documented rejection.
     * @throws AssertionError when it wraps a programming error.
     */
    public static void cause(final Throwable failure)
    {
        for (Throwable t = failure.getCause(); null != t; t = t.getCause())
        {
            if (t instanceof NullPointerException || t instanceof IndexOutOfBoundsException || t instanceof ClassCastException ||
                t instanceof ArithmeticException || t instanceof NegativeArraySizeException || t instanceof StackOverflowError)
            {
                final AssertionError error = new AssertionError("a programming error wrapped as a rejection: " + failure);
                error.initCause(failure);
                throw error;
            }
        }
    }

    /**
     * @param location a parser's result.
     * @param input    the input, as text.
     * @throws AssertionError when it is usable but not a place on earth, or unusable without a problem.
     */
    public static void location(final ParsedLocation location, final String input)
    {
        if (null == location)
        {
            throw new AssertionError("no location at all");
        }
        reason(location.detail(), input);
        if (location.usable())
        {
            if (Math.abs(location.latMicros()) > 90_000_000 || Math.abs(location.lonMicros()) > 180_000_000 ||
                location.uncertaintyM() < 0 || location.confidencePct() < 0 || location.confidencePct() > 100)
            {
                throw new AssertionError("a usable location outside the earth's ranges: " + location);
            }
        }
        else if (null == location.problem())
        {
            throw new AssertionError("an unusable location without its problem: " + location);
        }
    }
}
