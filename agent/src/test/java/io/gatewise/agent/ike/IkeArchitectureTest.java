package io.gatewise.agent.ike;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside the IKE engine point one way:
 * codec, event, config, transport ◄── sa ◄── v1 ◄── engine (io.gatewise.agent.ike),
 * and nothing in IKE reaches the control plane, the CLI or concrete sockets.
 */
class IkeArchitectureTest {
    private static JavaClasses ike;

    @BeforeAll
    static void load() {
        ike = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gatewise.agent.ike");
    }

    @Test
    void saRuntimeKnowsNoIkeVersionAndNoEngine() {
        noClasses().that().resideInAPackage("io.gatewise.agent.ike.sa")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.agent.ike.v1", "io.gatewise.agent.ike")
                .check(ike);
    }

    @Test
    void ikev1TasksDoNotKnowTheEngineOrTheSockets() {
        noClasses().that().resideInAPackage("io.gatewise.agent.ike.v1")
                .should().dependOnClassesThat().resideInAPackage("io.gatewise.agent.ike")
                .orShould().dependOnClassesThat().haveSimpleName("UdpIkeTransport")
                .check(ike);
    }

    @Test
    void leavesDependOnNothingAbove() {
        noClasses().that().resideInAnyPackage("io.gatewise.agent.ike.config", "io.gatewise.agent.ike.event",
                        "io.gatewise.agent.ike.transport")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.agent.ike.sa",
                        "io.gatewise.agent.ike.v1", "io.gatewise.agent.ike")
                .check(ike);
    }

    @Test
    void ikeNeverReachesUpToControlOrCli() {
        noClasses().that().resideInAPackage("io.gatewise.agent.ike..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.agent.control..",
                        "io.gatewise.agent.cli..", "io.gatewise.agent.net..")
                .check(ike);
    }
}
