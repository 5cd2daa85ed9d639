package io.gatewise.agent.control;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The seams of ARCHITECTURE.md that this part of the agent owns. */
class ControlPlaneArchitectureTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewise.agent");

    @Test
    void theConfigModelIsPlainJava() {
        noClasses().that().resideInAPackage("io.gatewise.agent.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.gatewise.proto..", "com.google.protobuf..", "io.grpc..",
                        "io.gatewise.agent.control..", "io.gatewise.agent.cli..")
                .check(AGENT);
    }

    @Test
    void onlyTheMapperReadsTheProtobufConfigMessages() {
        noClasses().that().doNotHaveFullyQualifiedName(ConfigMapper.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName("io.gatewise.proto.v1.Tunnel")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gatewise.proto.v1.IkeSettings")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gatewise.proto.v1.IpsecSettings")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gatewise.proto.v1.ChildSa")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gatewise.proto.v1.Identity")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gatewise.proto.v1.Authentication")
                .check(AGENT);
    }

    @Test
    void protobufStaysInTheControlPlane() {
        noClasses().that().resideOutsideOfPackages("io.gatewise.agent.control..", "io.gatewise.agent.cli..")
                .and().resideInAPackage("io.gatewise.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.proto..", "io.grpc..")
                .check(AGENT);
    }

    @Test
    void theEventSeamIsPlainJavaThatTheEngineCanUseWithoutTheControlPlane() {
        noClasses().that().resideInAPackage("io.gatewise.agent.events..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.gatewise.proto..", "com.google.protobuf..", "io.grpc..",
                        "io.gatewise.agent.control..", "io.gatewise.agent.cli..", "io.gatewise.agent.ike..")
                .check(AGENT);
    }
}
