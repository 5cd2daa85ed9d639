package io.gatewise.agent.ike.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The codec is pure: it knows only the JDK and itself (no crypto, no state, no I/O, no logging). */
class CodecArchitectureTest {
    @Test
    void codecDependsOnNothingButTheJdk() {
        JavaClasses codec = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gatewise.agent.ike.codec");
        classes().that().resideInAPackage("io.gatewise.agent.ike.codec")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.gatewise.agent.ike.codec", "java.lang..",
                        "java.util..", "java.net..", "java.nio.charset..", "java.io..")
                .check(codec);
    }
}
