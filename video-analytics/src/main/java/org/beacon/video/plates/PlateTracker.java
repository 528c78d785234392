package org.beacon.video.plates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.beacon.codecs.PlateLayout;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Votes over the frames of one vehicle's track. A reading joins the open track whose last box it overlaps (or
 * is near) and whose plate it nearly matches; otherwise it opens a track. A track ends when no reading joined
 * it for {@code trackTimeoutNs}; it reports once: when a vote is stable (at least {@code max(minFrames, 3)}
 * frames, the winning form holding two thirds of the weight) or when it ends with at least {@code minFrames}
 * frames. The vote: among the reads of the layout and format (letters and digits by position) with the most
 * weight, each character position is voted separately, weighted by the reads' confidences. Single-threaded.
 */
public final class PlateTracker
{
    private final int minFrames;
    private final long trackTimeoutNs;
    private final List<Track> open = new ArrayList<>();
    private long nextId = 1;

    /**
     * A voted plate of one track.
     *
     * @param trackId         1, 2, ... in order of opening.
     * @param plate           the voted display form.
     * @param confidence      0..1: the share of weight the voted characters won, times the mean read confidence.
     * @param layout          one or two lines.
     * @param bestCrop        the crop of the most confident read of the voted plate (or of any read).
     * @param bestFrameTimeNs the frame time of that read.
     * @param frames          frames that contributed a reading.
     */
    public record TrackResult(long trackId, String plate, double confidence, PlateLayout layout, Mat bestCrop, long bestFrameTimeNs,
        int frames)
    {
    }

    private static final class Track
    {
        final long id;
        final List<PlateReading> reads = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        Rect box;
        long lastTimeNs;
        boolean reported;

        Track(final long id)
        {
            this.id = id;
        }
    }

    /**
     * A tracker.
     *
     * @param minFrames      frames a track needs before it is reported.
     * @param trackTimeoutNs a track with no reading for this long has ended.
     */
    public PlateTracker(final int minFrames, final long trackTimeoutNs)
    {
        this.minFrames = Math.max(1, minFrames);
        this.trackTimeoutNs = trackTimeoutNs;
    }

    /**
     * Feeds one frame's readings.
     *
     * @param frameTimeNs the frame's time (the worker's clock, monotonic).
     * @param readings    the frame's readings.
     * @return tracks that ended or reached a stable vote now, each reported once.
     */
    public List<TrackResult> update(final long frameTimeNs, final List<PlateReading> readings)
    {
        final List<Track> touched = new ArrayList<>();
        for (final PlateReading r : readings)
        {
            Track best = null;
            double bestScore = 0;
            for (final Track t : open)
            {
                if (touched.contains(t))
                {
                    continue;
                }
                final double score = match(t, r);
                if (score > bestScore)
                {
                    bestScore = score;
                    best = t;
                }
            }
            if (best == null)
            {
                best = new Track(nextId++);
                open.add(best);
            }
            best.reads.add(r);
            best.times.add(frameTimeNs);
            best.box = r.box();
            best.lastTimeNs = frameTimeNs;
            touched.add(best);
        }
        final List<TrackResult> results = new ArrayList<>();
        for (int i = 0; i < open.size(); i++)
        {
            final Track t = open.get(i);
            if (frameTimeNs - t.lastTimeNs > trackTimeoutNs)
            {
                open.remove(i--);
                if (!t.reported && t.reads.size() >= minFrames)
                {
                    results.add(vote(t));
                }
            }
            else if (!t.reported && t.reads.size() >= Math.max(minFrames, 3))
            {
                final TrackResult r = vote(t);
                if (r.confidence() > 0 && stable(t, r.plate()))
                {
                    t.reported = true;
                    results.add(r);
                }
            }
        }
        return results;
    }

    /**
     * Ends every open track.
     *
     * @return the tracks not yet reported that have at least minFrames frames.
     */
    public List<TrackResult> flush()
    {
        final List<TrackResult> results = new ArrayList<>();
        for (final Track t : open)
        {
            if (!t.reported && t.reads.size() >= minFrames)
            {
                results.add(vote(t));
            }
        }
        open.clear();
        return results;
    }

    /** 0 when the reading cannot belong to the track; higher is a better match. */
    private static double match(final Track t, final PlateReading r)
    {
        final double near = PlatePipeline.overlap(t.box, r.box());
        final double dx = (t.box.x() + t.box.width() / 2.0) - (r.box().x() + r.box().width() / 2.0);
        final double dy = (t.box.y() + t.box.height() / 2.0) - (r.box().y() + r.box().height() / 2.0);
        final double reach = 1.5 * Math.max(t.box.width(), r.box().width());
        final boolean close = near > 0.2 || Math.hypot(dx, dy) < reach;
        final String last = VietnamesePlates.normalize(t.reads.get(t.reads.size() - 1).plate());
        final int distance = distance(last, VietnamesePlates.normalize(r.plate()));
        if (close && distance <= 3)
        {
            return 2 + near - distance * 0.1;
        }
        return distance == 0 ? 1 : 0;
    }

    private static int distance(final String a, final String b)
    {
        final int[] prev = new int[b.length() + 1];
        final int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            System.arraycopy(cur, 0, prev, 0, cur.length);
        }
        return prev[b.length()];
    }

    private static boolean stable(final Track t, final String plate)
    {
        double agree = 0;
        double total = 0;
        for (final PlateReading r : t.reads)
        {
            final double w = weight(r);
            total += w;
            agree += r.plate().equals(plate) || truncates(r.plate(), plate) ? w : 0;
        }
        return agree >= 2.0 / 3.0 * total;
    }

    /**
     * A read that lost the plate's last character (cut at the crop's edge, the dot lost with it: "68R-7462" for
     * "68R-746.24") is evidence for the longer plate, not against it: losing a character is a far more common reading
     * error than inventing one.
     *
     * @param shorter a read.
     * @param longer  another read.
     * @return whether {@code shorter} is {@code longer} without its last letter or digit.
     */
    static boolean truncates(final String shorter, final String longer)
    {
        final String s = VietnamesePlates.normalize(shorter);
        final String l = VietnamesePlates.normalize(longer);
        return l.length() == s.length() + 1 && l.startsWith(s);
    }

    private static double weight(final PlateReading r)
    {
        return 0.05 + r.confidence();
    }

    private static String shape(final String plate)
    {
        final StringBuilder sb = new StringBuilder(plate.length());
        for (int i = 0; i < plate.length(); i++)
        {
            final char c = plate.charAt(i);
            sb.append(Character.isDigit(c) ? 'D' : Character.isLetter(c) ? 'L' : c);
        }
        return sb.toString();
    }

    private static TrackResult vote(final Track t)
    {
        // the format with the most weight
        final Map<String, Double> shapes = new HashMap<>();
        for (final PlateReading r : t.reads)
        {
            shapes.merge(shape(r.plate()), weight(r), Double::sum);
        }
        // a truncated read also counts for the shape of the longer read it is a truncation of
        for (final PlateReading r : t.reads)
        {
            for (final PlateReading o : t.reads)
            {
                if (truncates(r.plate(), o.plate()))
                {
                    shapes.merge(shape(o.plate()), weight(r), Double::sum);
                    break;
                }
            }
        }
        String winner = null;
        for (final Map.Entry<String, Double> e : shapes.entrySet())
        {
            if (winner == null || e.getValue() > shapes.get(winner) || (e.getValue().equals(shapes.get(winner))
                && e.getKey().compareTo(winner) < 0))
            {
                winner = e.getKey();
            }
        }
        final List<PlateReading> same = new ArrayList<>();
        double groupWeight = 0;
        double confSum = 0;
        for (final PlateReading r : t.reads)
        {
            if (shape(r.plate()).equals(winner))
            {
                same.add(r);
                groupWeight += weight(r);
                confSum += r.confidence();
            }
        }
        // each position by weighted vote
        final StringBuilder plate = new StringBuilder(winner.length());
        double share = 0;
        int positions = 0;
        for (int i = 0; i < winner.length(); i++)
        {
            final Map<Character, Double> votes = new HashMap<>();
            for (final PlateReading r : same)
            {
                votes.merge(r.plate().charAt(i), weight(r), Double::sum);
            }
            char best = 0;
            double bestWeight = -1;
            for (final Map.Entry<Character, Double> e : votes.entrySet())
            {
                if (e.getValue() > bestWeight || (e.getValue() == bestWeight && e.getKey() < best))
                {
                    best = e.getKey();
                    bestWeight = e.getValue();
                }
            }
            plate.append(best);
            if (Character.isLetterOrDigit(best))
            {
                share += bestWeight / groupWeight;
                positions++;
            }
        }
        final String voted = plate.toString();
        PlateReading best = null;
        long bestTime = 0;
        for (int i = 0; i < t.reads.size(); i++)
        {
            final PlateReading r = t.reads.get(i);
            final boolean better = best == null || (r.plate().equals(voted) && !best.plate().equals(voted))
                || (r.plate().equals(voted) == best.plate().equals(voted) && r.confidence() > best.confidence());
            if (better)
            {
                best = r;
                bestTime = t.times.get(i);
            }
        }
        final double confidence = (positions == 0 ? 0 : share / positions) * (confSum / same.size());
        return new TrackResult(t.id, voted, confidence, VietnamesePlates.layout(voted), best.crop(), bestTime, t.reads.size());
    }
}
