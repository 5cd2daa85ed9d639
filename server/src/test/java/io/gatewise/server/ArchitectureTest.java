package io.gatewise.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server's package rules (ARCHITECTURE.md): features use {@code system}; protobuf and
 * gRPC stay in {@code controlplane}; dependencies between features point one way:
 * <pre>
 *   controlplane ──► gateway ──► config, enrollment ──► pki ──► system
 *                                                  user ──► system
 *   gateway, config, user ──► changelog ──► system
 * </pre>
 */
@AnalyzeClasses(packages = "io.gatewise.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String SERVER = "io.gatewise.server.";

    @ArchTest
    static final ArchRule protobufAndGrpcOnlyInTheControlPlane = noClasses()
            .that().resideOutsideOfPackage(SERVER + "controlplane..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewise.proto..", "io.grpc..", "com.google.protobuf..")
            .because("proto mapping happens in one place (ProtoMapping); domain types never leak protobuf");

    @ArchTest
    static final ArchRule systemDependsOnNoFeature = noClasses()
            .that().resideInAPackage(SERVER + "system..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVER + "user..", SERVER + "pki..",
                    SERVER + "gateway..", SERVER + "enrollment..", SERVER + "config..", SERVER + "controlplane..");

    @ArchTest
    static final ArchRule pkiKnowsNoFeature = noClasses()
            .that().resideInAPackage(SERVER + "pki..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVER + "user..", SERVER + "gateway..",
                    SERVER + "enrollment..", SERVER + "config..", SERVER + "controlplane..");

    @ArchTest
    static final ArchRule configIsSelfContained = noClasses()
            .that().resideInAPackage(SERVER + "config..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVER + "user..", SERVER + "pki..",
                    SERVER + "gateway..", SERVER + "enrollment..", SERVER + "controlplane..");

    @ArchTest
    static final ArchRule enrollmentUsesOnlyPki = noClasses()
            .that().resideInAPackage(SERVER + "enrollment..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVER + "user..", SERVER + "gateway..",
                    SERVER + "config..", SERVER + "controlplane..");

    @ArchTest
    static final ArchRule changeLogKnowsNoFeature = noClasses()
            .that().resideInAPackage(SERVER + "changelog..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVER + "user..", SERVER + "pki..",
                    SERVER + "gateway..", SERVER + "enrollment..", SERVER + "config..", SERVER + "controlplane..")
            .because("every feature records its changes; the change log records JSON snapshots, not feature types");

    @ArchTest
    static final ArchRule nobodyDependsOnTheControlPlane = noClasses()
            .that().resideOutsideOfPackage(SERVER + "controlplane..")
            .should().dependOnClassesThat().resideInAPackage(SERVER + "controlplane..")
            .because("the control plane is a delivery mechanism; features publish events and expose ports (AgentPresence)");

    @ArchTest
    static final ArchRule serverUsesOnlyTheAgentsSharedProposalModel = noClasses()
            .that().resideInAPackage("io.gatewise.server..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "agent classes outside ike.proposal, crypto and the ipsec enums",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("io.gatewise.agent")
                            && !c.getPackageName().equals("io.gatewise.agent.ike.proposal")
                            && !c.getPackageName().equals("io.gatewise.agent.crypto")
                            && !(c.getPackageName().equals("io.gatewise.agent.ipsec") && c.isEnum())))
            .because("the server shares only proposal semantics with the agent (docs/decisions.md D8)");

    @ArchTest
    static final ArchRule topologyCompilerIsPure = noClasses()
            .that().resideInAPackage(SERVER + "topology.compiler..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "org.hibernate..",
                    SERVER + "config..", SERVER + "gateway..", SERVER + "controlplane..", SERVER + "user..")
            .because("the compiler is a pure function of its model: no Spring, no JPA, no database");
}
