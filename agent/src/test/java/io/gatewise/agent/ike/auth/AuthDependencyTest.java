package io.gatewise.agent.ike.auth;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLConnection;
import org.junit.jupiter.api.Test;

/**
 * The authentication building blocks stay pure (no sockets, no exchange state, no
 * logging of their own): they may use the JDK, Bouncy Castle and the crypto registry,
 * and the IKE engine calls them, never the other way round.
 */
class AuthDependencyTest {

    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewise.agent");

    @Test
    void authUsesOnlyTheJdkBouncyCastleAndTheCryptoRegistry() {
        classes().that().resideInAPackage("io.gatewise.agent.ike.auth..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.gatewise.agent.ike.auth..", "io.gatewise.agent.crypto..", "java..",
                        "javax..", "org.bouncycastle..")
                .check(AGENT);
    }

    @Test
    void authOpensNoSocketsAndFetchesNothing() {
        noClasses().that().resideInAPackage("io.gatewise.agent.ike.auth..")
                .should().dependOnClassesThat(assignableTo(Socket.class).or(assignableTo(DatagramSocket.class))
                        .or(assignableTo(ServerSocket.class)).or(assignableTo(URLConnection.class))
                        .or(resideInAPackage("java.nio.channels..")))
                .check(AGENT);
    }
}
