package io.gatewise.agent.datapath;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ipsec is pure packet processing; net knows no IPsec; only datapath joins them. */
class DatapathArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewise.agent");

    @Test
    void ipsecDoesNoIo() {
        noClasses().that().resideInAPackage("io.gatewise.agent.ipsec..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.agent.net..",
                        "io.gatewise.agent.datapath..", "java.nio.channels..", "com.sun.jna..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .check(classes);
    }

    @Test
    void netKnowsNoIpsec() {
        noClasses().that().resideInAPackage("io.gatewise.agent.net..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.agent.ipsec..",
                        "io.gatewise.agent.datapath..")
                .check(classes);
    }
}
