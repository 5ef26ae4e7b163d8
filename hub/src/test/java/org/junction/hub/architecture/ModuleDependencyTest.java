package org.junction.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule between modules: pure logic (mappings, security) knows nothing of Camel or
 * of the modules above it; only adapters and routes speak Camel; the console reaches the pipeline
 * through small interfaces, never through Camel.
 */
@AnalyzeClasses(packages = "org.junction", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDependencyTest {

    private static final String CAMEL = "org.apache.camel..";

    @ArchTest
    static final ArchRule mappingsUseNoCamelAndNoHigherModule = noClasses()
            .that().resideInAPackage("org.junction.mappings..")
            .should().dependOnClassesThat().resideInAnyPackage(CAMEL, "org.junction.security..",
                    "org.junction.adapters..", "org.junction.routes..", "org.junction.console..", "org.junction.hub..",
                    "org.springframework..");

    @ArchTest
    static final ArchRule securityUsesNoCamelAndNoHigherModule = noClasses()
            .that().resideInAPackage("org.junction.security..")
            .should().dependOnClassesThat().resideInAnyPackage(CAMEL, "org.junction.adapters..",
                    "org.junction.routes..", "org.junction.console..", "org.junction.hub..");

    @ArchTest
    static final ArchRule adaptersDoNotReachIntoThePipelineOrTheConsole = noClasses()
            .that().resideInAPackage("org.junction.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("org.junction.routes..", "org.junction.console..",
                    "org.junction.hub..");

    @ArchTest
    static final ArchRule routesDoNotReachIntoTheConsoleOrTheApplication = noClasses()
            .that().resideInAPackage("org.junction.routes..")
            .should().dependOnClassesThat().resideInAnyPackage("org.junction.console..", "org.junction.hub..");

    @ArchTest
    static final ArchRule consoleUsesNoCamel = noClasses()
            .that().resideInAPackage("org.junction.console..")
            .should().dependOnClassesThat().resideInAnyPackage(CAMEL, "org.junction.routes..", "org.junction.hub..")
            // The console module has no classes until its first page lands.
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule onlyAdaptersAndRoutesUseCamel = noClasses()
            .that().resideOutsideOfPackages("org.junction.adapters..", "org.junction.routes..", "org.junction.hub..")
            .and().resideInAPackage("org.junction..")
            .should().dependOnClassesThat().resideInAPackage(CAMEL);
}
