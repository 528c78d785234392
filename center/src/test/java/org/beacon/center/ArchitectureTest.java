package org.beacon.center;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the build enforces (docs/ARCHITECTURE.md, "Determinism rules"): every Beacon class the state
 * machine can reach, directly or through others, uses no I/O library, no thread, no clock and no randomness; the
 * gateways (and the console's core link) reach the core through its client part only.
 */
class ArchitectureTest
{
    /** What no class of the state machine may use. */
    static final String[] STATE_MACHINE_FORBIDDEN = {
        "io.netty..", "io.aeron..", "net.openhft..", "com.lmax..", "com.fasterxml..", "org.bytedeco..", "org.opencv..",
        "org.slf4j..", "ch.qos.logback..", "java.net..", "java.nio.channels..", "java.nio.file..", "java.util.concurrent..",
        "java.lang.reflect..", "org.beacon.core.journal..", "org.beacon.core.snapshot..", "org.beacon.core.client..",
        "org.beacon.console..", "org.beacon.video..", "org.beacon.dispatch.intake..", "org.beacon.dispatch.alert.broadcast..",
        "org.beacon.signal.field..", "org.beacon.signal.sumo..", "org.beacon.center.sim..", "picocli..",
    };

    /**
     * Readers of the state machine's fixed configuration (the road network), run once at construction: the
     * closure does not pass through them, and they may read files.
     */
    static final Set<String> CONFIGURATION_LOADERS = Set.of("org.beacon.dispatch.road.SumoNetReader",
        "org.beacon.center.CenterStateMachine$BundledNetwork");

    /** The gateways' packages: outside protocols in, SBE inputs out through a GatewaySession. */
    static final String[] GATEWAYS = {
        "org.beacon.dispatch.intake..", "org.beacon.dispatch.alert.broadcast..", "org.beacon.signal.field..",
        "org.beacon.signal.sumo..", "org.beacon.video.worker..",
    };

    private static JavaClasses classes;
    private static Set<String> stateMachine;

    @BeforeAll
    static void importClasses()
    {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.beacon");
        stateMachine = closure(classes.get(CenterStateMachine.class));
    }

    /** The Beacon classes a class reaches through its dependencies (fields, calls, types, throws), itself included. */
    static Set<String> closure(final JavaClass root)
    {
        final Set<String> seen = new HashSet<>();
        final Deque<JavaClass> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty())
        {
            final JavaClass next = todo.poll();
            if (CONFIGURATION_LOADERS.contains(next.getName()) || !seen.add(next.getName()))
            {
                continue;
            }
            for (final Dependency dependency : next.getDirectDependenciesFromSelf())
            {
                final JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (target.getPackageName().startsWith("org.beacon") && classes.contain(target.getName()))
                {
                    todo.add(classes.get(target.getName()));
                }
            }
        }
        return seen;
    }

    private static DescribedPredicate<JavaClass> inStateMachine()
    {
        return DescribedPredicate.describe("are reached by the state machine (CenterStateMachine)",
            javaClass -> stateMachine.contains(javaClass.getName()));
    }

    @Test
    void theStateMachineReachesItsServicesAndNothingElse()
    {
        assertThat(stateMachine).contains("org.beacon.dispatch.DispatchService", "org.beacon.signal.SignalService",
            "org.beacon.dispatch.alert.AlertService", "org.beacon.dispatch.camera.CameraService");
    }

    @Test
    void theStateMachineUsesNoIoLibraryThreadClockOrRandomness()
    {
        final ArchRule rule = noClasses().that(inStateMachine())
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(STATE_MACHINE_FORBIDDEN)
                .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(java.util.concurrent.TimeUnit.class))))
            .orShould().dependOnClassesThat().belongToAnyOf(java.util.Random.class, java.security.SecureRandom.class,
                java.time.Clock.class, Thread.class)
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(Math.class, "random")
            .because("the state machine reads nothing but its events: replay must reproduce every output byte for byte");
        rule.check(classes);
    }

    @Test
    void gatewaysReachTheCoreThroughItsClientPartOnly()
    {
        final DescribedPredicate<JavaClass> hostSide = JavaClass.Predicates.resideInAnyPackage("com.lmax..", "net.openhft..",
            "io.aeron.driver..", "io.aeron.cluster..", "org.beacon.core.journal..", "org.beacon.core.snapshot..",
            "org.beacon.core.service..")
            .or(JavaClass.Predicates.resideInAPackage("org.beacon.core")
                .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(org.beacon.core.MessageView.class))));
        final ArchRule rule = noClasses().that().resideInAnyPackage(GATEWAYS)
            .or().belongToAnyOf(org.beacon.console.CoreLink.class)
            .should().dependOnClassesThat(hostSide.as("are the core's host side (sequencer, journal, snapshots, node, "
                + "media driver)"))
            .because("a gateway offers its inputs through core.client (CoreClient, GatewaySession) and works the same "
                + "whether the core is in its process, on another host or a cluster");
        rule.check(classes);
    }
}
