package org.beacon.console.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.WatchlistAction;
import org.beacon.console.auth.PersonalData;
import org.beacon.console.auth.Role;
import org.junit.jupiter.api.Test;

/**
 * Pins, byte for byte, what the consoles receive from {@link ConsoleModel} and what the audit timeline reads from
 * {@link TimelineText}, for the journals the scenarios of {@link ConsoleModelTest} write (plus cameras and the
 * watchlist): each scenario's records are folded into a fresh model, draining after every input with its outputs,
 * and every changed entity is written out as each role sees it (as ConsoleFeed masks it), then each role's snapshot;
 * a last pass feeds every record truncated and scrambled. Each part's SHA-256 is compared with
 * {@code console-golden.sha256} (its digests were made by the code before ConsoleModel was cut by entity kind).
 * The digests of a run are written to {@code target/console-golden.sha256}.
 */
class ConsoleGoldenTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<IntersectionInfo> NETWORK = List.of(
        new IntersectionInfo(0, "J0", 10.77, 106.70),
        new IntersectionInfo(3, "J3", 10.78, 106.71),
        new IntersectionInfo(5, "J5", 10.79, 106.72));

    @Test
    void everyRoleReceivesTheSameJsonAndTheTimelineTheSameText() throws IOException
    {
        final Map<String, String> actual = new LinkedHashMap<>();
        final List<Feeder.Record> all = new ArrayList<>();
        for (final Map.Entry<String, Consumer<ConsoleModelTest>> scenario : scenarios().entrySet())
        {
            final ConsoleModelTest test = new ConsoleModelTest();
            scenario.getValue().accept(test);
            final List<Feeder.Record> records = test.feed.records;
            if (!"cameras-watchlist".equals(scenario.getKey()) && !"combined".equals(scenario.getKey()))
            {
                // cameras and the watchlist have their own damaged-records test below (the digest predates their fix)
                all.addAll(records);
            }
            actual.put(scenario.getKey(), sha256(fold(records)));
        }
        actual.put("damaged", sha256(damaged(all)));

        final StringBuilder lines = new StringBuilder();
        actual.forEach((name, digest) -> lines.append(digest).append(' ').append(name).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "console-golden.sha256"), lines);

        final String expected;
        try (InputStream in = ConsoleGoldenTest.class.getResourceAsStream("console-golden.sha256"))
        {
            expected = null == in ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(lines.toString()).isEqualTo(expected);
    }

    /**
     * Every notice the scenarios raise that carries a message ({@code msg}, {@code args}) has its text in both of the
     * consoles' catalogues, and its arguments fill every parameter of that text.
     */
    @Test
    void everyNoticeMessageHasItsTextInBothCataloguesAndItsArguments() throws IOException
    {
        final java.util.Set<String> seen = new java.util.TreeSet<>();
        final Map<String, com.fasterxml.jackson.databind.JsonNode> catalogues = new LinkedHashMap<>();
        for (final String lang : List.of("vi", "en"))
        {
            try (InputStream in = ConsoleGoldenTest.class.getClassLoader().getResourceAsStream("web/i18n/" + lang + ".json"))
            {
                catalogues.put(lang, MAPPER.readTree(in));
            }
        }
        final java.util.regex.Pattern param = java.util.regex.Pattern.compile("\\{(\\w+)}");
        for (final Consumer<ConsoleModelTest> scenario : scenarios().values())
        {
            final ConsoleModelTest test = new ConsoleModelTest();
            scenario.accept(test);
            for (final String line : fold(test.feed.records).split("\n"))
            {
                if (!line.startsWith("{") || !line.contains("\"kind\":\"notice\""))
                {
                    continue;
                }
                final com.fasterxml.jackson.databind.JsonNode notice = MAPPER.readTree(line);
                if (!notice.hasNonNull("msg"))
                {
                    continue;
                }
                final String key = "notice.msg." + notice.get("msg").asText();
                seen.add(key);
                for (final Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> c : catalogues.entrySet())
                {
                    assertThat(c.getValue().has(key)).as(c.getKey() + ".json has " + key).isTrue();
                    final java.util.regex.Matcher m = param.matcher(c.getValue().get(key).asText());
                    while (m.find())
                    {
                        assertThat(notice.path("args").has(m.group(1))).as(key + " gives {" + m.group(1) + "}: " + line).isTrue();
                    }
                }
            }
        }
        assertThat(seen).as("the scenarios raise notices with messages").contains("notice.msg.overdue");
    }

    @Test
    void damagedCameraAndWatchlistRecordsAreCountedAsMalformedNotThrown()
    {
        final ConsoleModelTest test = new ConsoleModelTest();
        cameras(test.feed);

        final String folded = damaged(test.feed.records);

        assertThat(folded).contains("malformed ");
        assertThat(Long.parseLong(folded.substring(folded.lastIndexOf("malformed ") + 10).trim())).isPositive();
    }

    private static Map<String, Consumer<ConsoleModelTest>> scenarios()
    {
        final Map<String, Consumer<ConsoleModelTest>> scenarios = new LinkedHashMap<>();
        scenarios.put("network", ConsoleModelTest::intersectionsOfTheNetworkExistFromTheStart);
        scenarios.put("lifecycle", ConsoleModelTest::incidentLifecycleFromFirstCallToClose);
        scenarios.put("merge", ConsoleModelTest::mergeMovesCallsAndMarksTheClosedOne);
        scenarios.put("split", ConsoleModelTest::splitMovesTheCallToTheIncidentItOpens);
        scenarios.put("fixes", ConsoleModelTest::callKeepsTheNewestTwentyFixesAndTheRawPersonalData);
        scenarios.put("matched-fix", ConsoleModelTest::fixMatchedByTheCallersNumberJoinsTheCallItsCallUpdatedCounts);
        scenarios.put("better-fix", ConsoleModelTest::betterFixIsOfferedThenClearedByAConfirmation);
        scenarios.put("units", ConsoleModelTest::unitPositionStatusRouteEtaOverdueAndHospital);
        scenarios.put("unregistered", ConsoleModelTest::positionsOfUnregisteredUnitsAndUnitsOfUnknownAgencyAreIgnored);
        scenarios.put("recommendations", ConsoleModelTest::aNewFirstRankReplacesTheRecommendations);
        scenarios.put("wave", ConsoleModelTest::greenWaveFromPlanToRelease);
        scenarios.put("wave-ends", ConsoleModelTest::aWaveEndsWhenItsUnitStopsOrItsPlanIsEmpty);
        scenarios.put("intersections", ConsoleModelTest::intersectionStateCommandsAlarmsAndNotices);
        scenarios.put("notices", ConsoleModelTest::keepsTheNewestNoticesAndReportsEvictedOnesAsRemoved);
        scenarios.put("drain", ConsoleModelTest::drainReportsEachChangedKeyOnceInKeyOrderThenNothing);
        scenarios.put("alert", ConsoleModelTest::areaAlertFromProposalToCancel);
        scenarios.put("classify-refused", ConsoleModelTest::aRefusedClassificationLeavesTheHazardAsItWas);
        scenarios.put("camera-alert", ConsoleModelTest::aCameraCandidatesAlertHasItsPolygonAndNoIncident);
        scenarios.put("closed-alerts", ConsoleModelTest::keepsTheNewestClosedAlertsAndEveryOpenOne);
        scenarios.put("damaged-alerts", ConsoleModelTest::damagedAlertRecordsDoNotThrowAndUnknownValuesReadUnknown);
        scenarios.put("unknown", ConsoleModelTest::unknownTemplatesEnumValuesAndDamagedRecordsDoNotThrow);
        scenarios.put("cameras-watchlist", test -> cameras(test.feed));
        scenarios.put("combined", test ->
        {
            test.incidentLifecycleFromFirstCallToClose();
            test.greenWaveFromPlanToRelease();
            test.intersectionStateCommandsAlarmsAndNotices();
            test.callKeepsTheNewestTwentyFixesAndTheRawPersonalData();
            test.areaAlertFromProposalToCancel();
            test.aCameraCandidatesAlertHasItsPolygonAndNoIncident();
            cameras(test.feed);
        });
        return scenarios;
    }

    /** Cameras, plate hits (more than are kept), crowd candidates and watchlist edits, accepted and refused. */
    private static void cameras(final Feeder feed)
    {
        feed.cameraRegistered(5, 10_776_000, 106_700_000, "Ben Thanh", 1, 2);
        feed.cameraRegistered(6, 10_777_000, 106_701_000, "Nguyen Hue");
        feed.tick();
        feed.watchlistHit(5, "51A12345", "51A12345", 1);
        feed.watchlistHit(9, "51A1234S", "51A12345", 0);
        feed.incidentCandidate(77, 5, 1, 42);
        feed.watchlistUpdated(WatchlistAction.ADD, true, "51A12345", 1);
        feed.watchlistUpdated(WatchlistAction.ADD, true, "51A12345", 2);
        feed.watchlistUpdated(WatchlistAction.ADD, true, "30E99999", 0);
        feed.watchlistUpdated(WatchlistAction.REMOVE, true, "51A12345", 0);
        feed.watchlistUpdated(WatchlistAction.REMOVE, true, "99Z00000", 0);
        feed.watchlistUpdated(WatchlistAction.REMOVE, false, "XX", 0);
        feed.watchlistUpdated(WatchlistAction.ADD, false, "??", 3);
        feed.cameraRegistered(5, 10_776_500, 106_700_500, "Ben Thanh (moved)", 3);
        for (int i = 0; i < ConsoleModel.MAX_HITS + 3; i++)
        {
            feed.tick();
            feed.watchlistHit(6, "29B" + i, "29B" + i, 0);
            feed.incidentCandidate(100 + i, 6, 0, 10 + i);
        }
    }

    /** Folds records as ConsoleFeed does, writing what each role receives and what the timeline says. */
    private static String fold(final List<Feeder.Record> records)
    {
        final ConsoleModel model = new ConsoleModel(NETWORK);
        final StringBuilder out = new StringBuilder(1 << 16);
        final AlertIncidents alerts = new AlertIncidents();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
        for (int i = 0; i < records.size(); i++)
        {
            final Feeder.Record record = records.get(i);
            buffer.putBytes(0, record.bytes());
            apply(model, record, buffer, record.bytes().length, alerts, out);
            if (i + 1 == records.size() || records.get(i + 1).input())
            {
                drain(model, out);
            }
        }
        for (final Role role : Role.values())
        {
            out.append("snapshot ").append(role).append(' ').append(model.lastSequence()).append(' ')
                .append(model.lastTimestampNs()).append(' ').append(model.size()).append('\n');
            for (final ObjectNode entity : model.entities())
            {
                out.append(json(entity, role)).append('\n');
            }
        }
        for (final ObjectNode entity : model.entities())
        {
            if ("alert".equals(entity.get("kind").asText()))
            {
                out.append("cap ").append(entity.get("id").asLong()).append(' ').append(model.capXml(entity.get("id").asLong())).append('\n');
            }
        }
        out.append("malformed ").append(model.malformedRecords()).append('\n');
        return out.toString();
    }

    /** Every record cut at every length and scrambled, as ConsoleModelTest's robustness test feeds them. */
    private static String damaged(final List<Feeder.Record> records)
    {
        final Random random = new Random(42);
        final ConsoleModel victim = new ConsoleModel(List.of(new IntersectionInfo(3, "J3", 0, 0)));
        final AlertIncidents alerts = new AlertIncidents();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
        final StringBuilder out = new StringBuilder(1 << 16);
        for (final Feeder.Record record : records)
        {
            final byte[] bytes = record.bytes();
            for (int cut = 0; cut <= bytes.length; cut++)
            {
                buffer.putBytes(0, bytes, 0, cut);
                apply(victim, record, buffer, cut, alerts, out);
            }
            for (int round = 0; round < 20; round++)
            {
                buffer.putBytes(0, bytes);
                for (int flips = 0; flips < 3; flips++)
                {
                    final int at = random.nextInt(bytes.length);
                    buffer.putByte(at, (byte)random.nextInt(256));
                }
                if (random.nextBoolean())
                {
                    buffer.putShort(4, (short)112, ByteOrder.LITTLE_ENDIAN);
                }
                apply(victim, record, buffer, bytes.length, alerts, out);
            }
            drain(victim, out);
        }
        out.append("malformed ").append(victim.malformedRecords()).append('\n');
        return out.toString();
    }

    private static void apply(
        final ConsoleModel model,
        final Feeder.Record record,
        final UnsafeBuffer buffer,
        final int length,
        final AlertIncidents alerts,
        final StringBuilder out)
    {
        if (record.input())
        {
            model.onInput(record.sequence(), record.timestampNs(), buffer, 0, length);
        }
        else
        {
            model.onOutput(record.sequence(), record.timestampNs(), buffer, 0, length);
        }
        TimelineText.describe(record.input(), record.sequence(), record.timestampNs(), buffer, 0, length,
            index -> 3 == index ? "J3" : null, alerts, (incidentId, sequence, timestampNs, kind, text) ->
                out.append("timeline ").append(incidentId).append(' ').append(sequence).append(' ').append(timestampNs)
                    .append(' ').append(kind).append(' ').append(text).append('\n'));
    }

    private static void drain(final ConsoleModel model, final StringBuilder out)
    {
        model.drainChanges(new ChangeListener()
        {
            @Override
            public void changed(final String key, final ObjectNode entity)
            {
                for (final Role role : Role.values())
                {
                    out.append(key).append(' ').append(role).append(' ').append(json(entity, role)).append('\n');
                }
            }

            @Override
            public void removed(final String key)
            {
                out.append('-').append(key).append('\n');
            }
        });
        out.append("drained ").append(model.lastSequence()).append(' ').append(model.size()).append('\n');
    }

    /** As ConsoleFeed.json writes an entity for a role. */
    private static String json(final ObjectNode node, final Role role)
    {
        try
        {
            final ObjectNode copy = node.deepCopy();
            PersonalData.apply(role, copy);
            return MAPPER.writeValueAsString(copy);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String sha256(final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
