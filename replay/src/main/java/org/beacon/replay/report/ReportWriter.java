package org.beacon.replay.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.beacon.replay.report.IncidentMetrics.Group;
import org.beacon.replay.report.IncidentMetrics.Interval;
import org.beacon.replay.report.IncidentMetrics.Stats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Writes {@link IncidentMetrics} for people: a self-contained HTML file (inline CSS, charts as PNG images
 * embedded in base64, no external resource) with the period covered, the counts, one table per group
 * (all incidents, then each agency) and, per figure, a histogram over all incidents and a box plot per
 * agency, each with a line on how it is defined; and a plain-text summary for the terminal. Every number
 * in the tables is exact (from integer nanoseconds, shown in seconds to the millisecond, rounded half up);
 * the charts are illustrations drawn by XChart.
 */
public final class ReportWriter
{
    private static final int CHART_WIDTH = 640;
    private static final int CHART_HEIGHT = 320;
    private static final int MAX_BINS = 24;
    private static final long[] BIN_WIDTHS_S = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400};
    private static final long NS_PER_S = 1_000_000_000L;

    private ReportWriter()
    {
    }

    /**
     * Writes the HTML report.
     *
     * @param metrics the figures.
     * @param file    the file to write (replaced when it exists; its folder is created).
     * @throws IOException when the file cannot be written.
     */
    public static void writeHtml(final IncidentMetrics metrics, final Path file) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html(metrics), StandardCharsets.UTF_8);
    }

    /**
     * The HTML report as text.
     *
     * @param metrics the figures.
     * @return a complete HTML document.
     * @throws IOException when a chart cannot be encoded.
     */
    public static String html(final IncidentMetrics metrics) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>Beacon incident metrics</title>\n<style>\n")
            .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}\n")
            .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
            .append("th,td{border:1px solid #bbb;padding:4px 8px;text-align:right}\n")
            .append("th:first-child,td:first-child{text-align:left}\nth{background:#eef}\n")
            .append(".met{color:#070}.missed{color:#b00}.def{color:#555;font-size:0.9em}\n")
            .append("img{display:block;margin:0.5em 0 1.5em;border:1px solid #ddd}\n")
            .append("</style>\n</head>\n<body>\n<h1>Beacon incident metrics</h1>\n");

        html.append("<p>Data folder: <code>").append(escape(metrics.dir().toString())).append("</code></p>\n<ul>\n")
            .append("<li>Journal covers: ").append(period(metrics.firstNs(), metrics.lastNs())).append("</li>\n")
            .append("<li>Incidents included: opened ").append(window(metrics)).append("</li>\n")
            .append("<li>Input records: ").append(metrics.inputs()).append("; output records: ").append(metrics.outputs())
            .append("; calls answered: ").append(metrics.calls()).append("; incidents: ").append(metrics.incidents().size())
            .append("</li>\n</ul>\n");

        html.append("<h2>Definitions</h2>\n<ul class=\"def\">\n");
        for (final Interval interval : Interval.values())
        {
            html.append("<li><b>").append(escape(interval.label())).append("</b>: ").append(escape(interval.definition()))
                .append("</li>\n");
        }
        html.append("<li>Percentiles by the nearest-rank method: p-th = the value at rank \u2308p\u00b7n/100\u2309 of the n ")
            .append("measured values sorted ascending. n counts the incidents where both ends of the interval happened.</li>\n")
            .append("<li>NFPA 1225: 90% of incidents dispatched within 60 s (incident opened \u2192 first unit dispatched, ")
            .append("at most 60.000 s counts as within).</li>\n")
            .append("<li>An incident counts under every agency it needs; one needing none yet is \u201c")
            .append(IncidentMetrics.UNCLASSIFIED).append("\u201d.</li>\n</ul>\n");

        for (final Group group : metrics.groups())
        {
            html.append("<h2>").append(escape(group.name())).append(" (").append(group.incidents()).append(" incident")
                .append(group.incidents() == 1 ? "" : "s").append(")</h2>\n");
            html.append(nfpaLine(group.stats().get(Interval.INCIDENT_TO_DISPATCH), true)).append('\n');
            html.append("<table>\n<tr><th>figure</th><th>n</th><th>p50 s</th><th>p90 s</th><th>p95 s</th>")
                .append("<th>min s</th><th>max s</th></tr>\n");
            for (final Interval interval : Interval.values())
            {
                final Stats stats = group.stats().get(interval);
                html.append("<tr><td>").append(escape(interval.label())).append("</td><td>").append(stats.count())
                    .append("</td><td>").append(seconds(stats.p50Ns())).append("</td><td>").append(seconds(stats.p90Ns()))
                    .append("</td><td>").append(seconds(stats.p95Ns())).append("</td><td>").append(seconds(stats.minNs()))
                    .append("</td><td>").append(seconds(stats.maxNs())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2>Charts</h2>\n");
        final Group all = metrics.group(IncidentMetrics.ALL);
        for (final Interval interval : Interval.values())
        {
            html.append("<h3>").append(escape(interval.label())).append("</h3>\n<p class=\"def\">")
                .append(escape(interval.definition())).append("</p>\n");
            final Stats stats = all.stats().get(interval);
            if (stats.count() == 0)
            {
                html.append("<p>No incident has this interval.</p>\n");
                continue;
            }
            html.append(image(histogram(interval, stats), interval.label() + " histogram"));
            html.append(image(boxes(interval, metrics), interval.label() + " by agency"));
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /**
     * Prints the plain-text summary: period, counts, the NFPA 1225 line, and one line per group and figure.
     *
     * @param metrics the figures.
     * @param out     where to print.
     */
    public static void printSummary(final IncidentMetrics metrics, final PrintWriter out)
    {
        out.println("journal covers: " + period(metrics.firstNs(), metrics.lastNs()));
        out.println("incidents opened " + window(metrics) + ": " + metrics.incidents().size() + " (calls answered: " +
            metrics.calls() + ", inputs: " + metrics.inputs() + ", outputs: " + metrics.outputs() + ")");
        for (final Group group : metrics.groups())
        {
            out.println(group.name() + " (" + group.incidents() + " incident" + (group.incidents() == 1 ? "" : "s") + "): " +
                nfpaLine(group.stats().get(Interval.INCIDENT_TO_DISPATCH), false));
            for (final Interval interval : Interval.values())
            {
                final Stats stats = group.stats().get(interval);
                out.println("  " + interval.label() + ": n=" + stats.count() + (stats.count() == 0 ? "" :
                    ", p50 " + seconds(stats.p50Ns()) + " s, p90 " + seconds(stats.p90Ns()) + " s, p95 " +
                    seconds(stats.p95Ns()) + " s"));
            }
        }
        out.flush();
    }

    private static String nfpaLine(final Stats stats, final boolean html)
    {
        if (stats.count() == 0)
        {
            return html ? "<p>NFPA 1225 (90% dispatched within 60 s): no dispatch to measure.</p>" :
                "NFPA 1225 (90% within 60 s): no dispatch to measure";
        }
        final String share = stats.within60() + " of " + stats.count() + " dispatched within 60 s (" +
            percent(stats.within60(), stats.count()) + "%)";
        final String verdict = stats.meetsNfpa1225() ? "meets NFPA 1225 (90% within 60 s)" : "below NFPA 1225 (90% within 60 s)";
        if (!html)
        {
            return share + ": " + verdict;
        }
        return "<p>" + share + ": <span class=\"" + (stats.meetsNfpa1225() ? "met" : "missed") + "\">" + verdict +
            "</span></p>";
    }

    /**
     * A share as a percentage with one decimal, rounded half up, exactly.
     *
     * @param part  how many.
     * @param whole of how many (positive).
     * @return e.g. "66.7".
     */
    static String percent(final long part, final long whole)
    {
        final long tenths = (part * 2000 + whole) / (2 * whole);
        return tenths / 10 + "." + tenths % 10;
    }

    /**
     * Nanoseconds as seconds with three decimals, rounded half up to the millisecond, exactly.
     *
     * @param ns a duration, or {@link IncidentMetrics#NOT_MEASURED}.
     * @return e.g. "42.500", or "-" when not measured.
     */
    static String seconds(final long ns)
    {
        if (ns == IncidentMetrics.NOT_MEASURED)
        {
            return "-";
        }
        final long millis = Math.floorDiv(ns + 500_000, 1_000_000L);
        final String sign = millis < 0 ? "-" : "";
        final long abs = Math.abs(millis);
        return sign + abs / 1000 + "." + String.format("%03d", abs % 1000);
    }

    private static String period(final long firstNs, final long lastNs)
    {
        if (firstNs == IncidentMetrics.NOT_MEASURED)
        {
            return "no records";
        }
        return instant(firstNs) + " to " + instant(lastNs) + " (" + seconds(lastNs - firstNs) + " s)";
    }

    private static String window(final IncidentMetrics metrics)
    {
        final boolean from = metrics.fromNs() != Long.MIN_VALUE;
        final boolean to = metrics.toNs() != Long.MAX_VALUE;
        if (!from && !to)
        {
            return "at any time";
        }
        return (from ? "from " + instant(metrics.fromNs()) : "") + (from && to ? " " : "") +
            (to ? "to " + instant(metrics.toNs()) : "") + " (inclusive)";
    }

    private static String instant(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, NS_PER_S), Math.floorMod(epochNs, NS_PER_S)).toString();
    }

    private static CategoryChart histogram(final Interval interval, final Stats stats)
    {
        final long maxS = stats.maxNs() / NS_PER_S + 1;
        long width = BIN_WIDTHS_S[BIN_WIDTHS_S.length - 1];
        for (final long candidate : BIN_WIDTHS_S)
        {
            if ((maxS + candidate - 1) / candidate <= MAX_BINS)
            {
                width = candidate;
                break;
            }
        }
        final int bins = (int)Math.max(1, (maxS + width - 1) / width);
        final List<String> labels = new ArrayList<>(bins);
        final List<Integer> counts = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++)
        {
            labels.add(i * width + "\u2013" + (i + 1) * width);
            counts.add(0);
        }
        for (final long value : stats.values())
        {
            final int bin = (int)Math.min(bins - 1, value / (width * NS_PER_S));
            counts.set(bin, counts.get(bin) + 1);
        }
        final CategoryChart chart = new CategoryChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
            .title(interval.label() + ": all incidents (n=" + stats.count() + ")")
            .xAxisTitle("seconds").yAxisTitle("incidents").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("incidents", labels, counts);
        return chart;
    }

    private static BoxChart boxes(final Interval interval, final IncidentMetrics metrics)
    {
        final BoxChart chart = new BoxChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
            .title(interval.label() + " by group").yAxisTitle("seconds").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,##0.0");
        for (final Group group : metrics.groups())
        {
            final Stats stats = group.stats().get(interval);
            if (stats.count() == 0)
            {
                continue;
            }
            final List<Double> values = new ArrayList<>(stats.count());
            for (final long value : stats.values())
            {
                values.add(value / 1e9);
            }
            chart.addSeries(group.name() + " (n=" + stats.count() + ")", values);
        }
        return chart;
    }

    private static String image(final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, final String alt) throws IOException
    {
        final byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        return "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) +
            "\">\n";
    }

    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
