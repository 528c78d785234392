package org.beacon.video.worker;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The one place a camera's decoder leaves frames for its analyser: it holds the newest frame only. A frame the
 * analyser had not taken before the next one arrived is dropped and counted, so a slow analyser never builds a
 * queue; it always works on the newest picture.
 */
final class FrameSlot
{
    /** A frame taken, with its time. */
    record Taken(Mat frame, long timeNs)
    {
    }

    private Mat frame;
    private long frameTimeNs;
    private long dropped;
    private long offered;
    private boolean closed;

    /**
     * Decoder: leaves a frame (the slot takes ownership; a frame it replaces is released).
     *
     * @param mat         the frame.
     * @param timeNs      its time.
     */
    synchronized void offer(final Mat mat, final long timeNs)
    {
        offered++;
        if (null != frame)
        {
            frame.release();
            frame.close();
            dropped++;
        }
        frame = mat;
        frameTimeNs = timeNs;
        notifyAll();
    }

    /**
     * Decoder of a file read at full speed: leaves a frame once the analyser has taken the previous one, so that none is
     * dropped and what is analysed does not depend on how fast this machine is.
     *
     * @param mat    the frame.
     * @param timeNs its time.
     * @throws InterruptedException when the decoder is stopped while it waits.
     */
    synchronized void offerLossless(final Mat mat, final long timeNs) throws InterruptedException
    {
        while (null != frame && !closed)
        {
            wait(200);
        }
        offer(mat, timeNs);
    }

    /**
     * Analyser: takes the newest frame, waiting up to a time for one.
     *
     * @param waitMs longest wait.
     * @return the frame (the caller releases it) and its time, or null when none came or the slot is closed.
     */
    synchronized Taken take(final long waitMs) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + waitMs;
        while (null == frame && !closed)
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                return null;
            }
            wait(left);
        }
        if (null == frame)
        {
            return null;
        }
        final Taken taken = new Taken(frame, frameTimeNs);
        frame = null;
        notifyAll();
        return taken;
    }

    /** @return frames replaced before the analyser took them. */
    synchronized long dropped()
    {
        return dropped;
    }

    /** @return frames left here. */
    synchronized long offered()
    {
        return offered;
    }

    synchronized void close()
    {
        closed = true;
        if (null != frame)
        {
            frame.release();
            frame.close();
            frame = null;
        }
        notifyAll();
    }
}
