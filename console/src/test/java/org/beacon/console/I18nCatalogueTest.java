package org.beacon.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.beacon.console.auth.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consoles' message catalogues ({@code web/i18n/vi.json}, {@code en.json}): the same keys in both, the same
 * parameters in each text, no empty text, every key a page asks for, and a word for every value of every enum the
 * model can send to a page (the schema's enums, the "unknown" of a value this build cannot name, the signal faults,
 * roles, the wave states, the notice and timeline kinds the folds write).
 */
class I18nCatalogueTest
{
    private static final Path WEB = Path.of("src", "main", "resources", "web");
    private static final Path MODEL = Path.of("src", "main", "java", "org", "beacon", "console", "model");
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    /** The schema's enums whose values the pages show, by their catalogue group (the enum's simple name). */
    private static final List<String> SCHEMA_ENUMS = List.of(
        "Agency", "UnitType", "UnitStatusCode", "IncidentStatus", "LocationQuality", "LocationProblem", "LocationShape",
        "LocationMethod", "FixSource", "UpdateReason", "RejectReason", "CommandType", "CallEndReason", "HospitalChoice",
        "SignalIndication", "PedSignal", "ControllerModeCode", "SignalCommandType", "PreemptRequester", "PreemptEnd",
        "SignalRejectReason", "WatchlistReason", "CrowdRule", "Hazard", "AlertAction", "AlertState", "AlertMsgType",
        "ProposalReason", "AlertRejectReason", "BroadcastOutcome", "StorageLevel");

    /** Groups the model names through console/model/Names: a raw value it cannot name arrives as UNKNOWN. */
    private static final List<String> NAMED_BY_THE_MODEL = List.of(
        "Agency", "UnitType", "UnitStatusCode", "IncidentStatus", "LocationQuality", "LocationProblem", "LocationShape",
        "LocationMethod", "FixSource", "UpdateReason", "RejectReason", "CommandType", "HospitalChoice", "SignalIndication",
        "PedSignal", "ControllerModeCode", "SignalCommandType", "PreemptRequester", "PreemptEnd", "SignalRejectReason",
        "WatchlistReason", "CrowdRule", "Hazard", "AlertAction", "AlertState", "AlertMsgType", "ProposalReason",
        "AlertRejectReason", "BroadcastOutcome");

    private static Map<String, String> catalogue(final String lang) throws IOException
    {
        try (InputStream in = I18nCatalogueTest.class.getClassLoader().getResourceAsStream("web/i18n/" + lang + ".json"))
        {
            assertThat(in).as("web/i18n/" + lang + ".json on the class path").isNotNull();
            final JsonNode root = new ObjectMapper().readTree(in);
            final Map<String, String> out = new LinkedHashMap<>();
            for (final Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); )
            {
                final Map.Entry<String, JsonNode> e = it.next();
                assertThat(e.getValue().isTextual()).as(lang + " " + e.getKey() + " is a text").isTrue();
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }
    }

    private static Set<String> params(final String text)
    {
        final Set<String> out = new TreeSet<>();
        final Matcher m = PARAM.matcher(text);
        while (m.find())
        {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void bothLanguagesHaveTheSameKeysAndParametersAndNoEmptyText() throws Exception
    {
        final Map<String, String> vi = catalogue("vi");
        final Map<String, String> en = catalogue("en");
        assertThat(vi.keySet()).as("keys of vi.json against en.json").containsExactlyInAnyOrderElementsOf(en.keySet());
        for (final String key : vi.keySet())
        {
            assertThat(vi.get(key)).as("vi " + key).isNotBlank();
            assertThat(en.get(key)).as("en " + key).isNotBlank();
            assertThat(params(vi.get(key))).as("parameters of " + key).isEqualTo(params(en.get(key)));
        }
        // the default language is Vietnamese and it is written in Vietnamese (diacritics, UTF-8 read as such)
        assertThat(vi.get("enum.UnitType.BLS_AMBULANCE")).isEqualTo("Xe cứu thương cơ bản");
        assertThat(en.get("enum.UnitType.BLS_AMBULANCE")).isEqualTo("Basic life support ambulance");
    }

    @Test
    void everyEnumValueThePagesCanShowHasAWordInBothLanguages() throws Exception
    {
        final List<String> wanted = new ArrayList<>();
        for (final String name : SCHEMA_ENUMS)
        {
            for (final Object value : Class.forName("org.beacon.codecs." + name).getEnumConstants())
            {
                if (!"NULL_VAL".equals(((Enum<?>)value).name()))
                {
                    wanted.add("enum." + name + "." + ((Enum<?>)value).name());
                }
            }
        }
        for (final String name : NAMED_BY_THE_MODEL)
        {
            wanted.add("enum." + name + ".UNKNOWN");
        }
        // the console's commands: the state machine's, the signal ones, the watchlist's and the area alerts'
        for (final org.beacon.codecs.CommandType t : org.beacon.codecs.CommandType.values())
        {
            if (t != org.beacon.codecs.CommandType.NULL_VAL)
            {
                wanted.add("enum.Command." + t.name());
            }
        }
        for (final org.beacon.codecs.SignalCommandType t : org.beacon.codecs.SignalCommandType.values())
        {
            if (t != org.beacon.codecs.SignalCommandType.NULL_VAL)
            {
                wanted.add("enum.Command.SIGNAL_" + t.name());
            }
        }
        for (final org.beacon.codecs.AlertAction t : org.beacon.codecs.AlertAction.values())
        {
            if (t != org.beacon.codecs.AlertAction.NULL_VAL)
            {
                wanted.add("enum.Command.ALERT_" + t.name());
            }
        }
        wanted.add("enum.Command.WATCHLIST_ADD");
        wanted.add("enum.Command.WATCHLIST_REMOVE");
        // the schema's SignalFaults choices, as the decoder names them (one static test per choice)
        for (final java.lang.reflect.Method m : org.beacon.codecs.SignalFaultsDecoder.class.getDeclaredMethods())
        {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) && boolean.class == m.getReturnType() && 1 == m.getParameterCount())
            {
                wanted.add("enum.SignalFault." + m.getName());
            }
        }
        assertThat(wanted).contains("enum.SignalFault.commsLost");
        for (final Role role : Role.values())
        {
            wanted.add("enum.Role." + role.json());
        }
        for (int p = 0; p <= 5; p++)
        {
            wanted.add("enum.Priority." + p);
        }
        for (final String state : List.of("PLANNED", "REQUESTED", "QUEUED", "RELEASED"))
        {
            wanted.add("enum.WaveState." + state);
        }
        // notice kinds and timeline kinds as the folds write them
        wanted.addAll(fromModelSources(Pattern.compile("notice\\(\\s*timestampNs,\\s*[^,]+,\\s*\"([a-z-]+)\""), "enum.NoticeKind."));
        wanted.addAll(fromModelSources(Pattern.compile("entry\\([^,()]+(?:\\(\\))?,\\s*\"([a-z-]+)\""), "enum.TimelineKind."));
        for (final org.beacon.codecs.UpdateReason r : org.beacon.codecs.UpdateReason.values())
        {
            if (r != org.beacon.codecs.UpdateReason.NULL_VAL)
            {
                wanted.add("enum.TimelineKind." + r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            }
        }
        assertThat(wanted).as("found the notice kinds in the folds").anyMatch(k -> k.equals("enum.NoticeKind.overdue"));
        assertThat(wanted).as("found the timeline kinds").anyMatch(k -> k.equals("enum.TimelineKind.unit-status"));
        for (final String lang : List.of("vi", "en"))
        {
            assertThat(catalogue(lang).keySet()).as(lang + ".json").containsAll(wanted);
        }
    }

    @Test
    void everyKeyAPageAsksForIsInTheCatalogue() throws Exception
    {
        final Pattern asked = Pattern.compile(
            "\\b(?:T|Beacon\\.t)\\('([A-Za-z0-9_.]+)'|data-i18n(?:-title|-placeholder)?=\"([A-Za-z0-9_.]+)\"|\\? '([a-z]+\\.[A-Za-z.]+)' : '([a-z]+\\.[A-Za-z.]+)'");
        final Pattern enumOption = Pattern.compile("value=\"([A-Za-z_]+)\" data-i18n-enum=\"([A-Za-z]+)\"");
        final Set<String> keys = new TreeSet<>();
        final List<Path> files;
        try (Stream<Path> s = Files.list(WEB))
        {
            files = s.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList();
        }
        assertThat(files).hasSizeGreaterThan(8);
        for (final Path file : files)
        {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            final Matcher m = asked.matcher(text);
            while (m.find())
            {
                for (int g = 1; g <= m.groupCount(); g++)
                {
                    if (null != m.group(g) && m.group(g).contains(".") && !m.group(g).endsWith("."))
                    {
                        keys.add(m.group(g));
                    }
                }
            }
            final Matcher o = enumOption.matcher(text);
            while (o.find())
            {
                keys.add("enum." + o.group(2) + "." + o.group(1));
            }
        }
        assertThat(keys).contains("common.logout", "dispatcher.dispatch", "enum.Hazard.GAS_LEAK", "enum.Role.auditor");
        for (final String lang : List.of("vi", "en"))
        {
            assertThat(catalogue(lang).keySet()).as(lang + ".json has every key the pages ask for").containsAll(keys);
        }
    }

    private static List<String> fromModelSources(final Pattern pattern, final String prefix) throws IOException
    {
        final List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(MODEL))
        {
            for (final Path file : s.filter(p -> p.toString().endsWith(".java")).toList())
            {
                final Matcher m = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find())
                {
                    out.add(prefix + m.group(1));
                }
            }
        }
        return out;
    }
}
