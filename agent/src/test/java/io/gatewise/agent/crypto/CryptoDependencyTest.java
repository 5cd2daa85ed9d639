package io.gatewise.agent.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The crypto registry stays version-neutral and at the bottom of the agent (ARCHITECTURE.md). */
class CryptoDependencyTest {

    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewise.agent");

    @Test
    void cryptoUsesOnlyTheJdkAndBouncyCastle() {
        classes().that().resideInAPackage("io.gatewise.agent.crypto..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.gatewise.agent.crypto..", "java..", "javax..", "org.bouncycastle..")
                .check(AGENT);
    }

    @Test
    void keymatAndProposalsKnowNoCodecNetworkOrControlPlane() {
        noClasses().that().resideInAnyPackage("io.gatewise.agent.ike.keymat..", "io.gatewise.agent.ike.proposal..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.gatewise.agent.isakmp..", "io.gatewise.agent.net..",
                        "io.gatewise.agent.control..", "io.gatewise.agent.cli..", "io.grpc..")
                .check(AGENT);
    }
}
