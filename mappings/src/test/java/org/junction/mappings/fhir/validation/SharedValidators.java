package org.junction.mappings.fhir.validation;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One warmed validator of each kind per test JVM: building and warming one costs seconds, so test
 * classes share these instead of making their own.
 *
 * <p>UK Core's conformance resources are not part of the repository. Where the folder is absent
 * the tests that need it are skipped, saying so, except under {@code CI=true}, where a missing
 * folder would silently turn the profile checks off and so fails instead.
 */
public final class SharedValidators {

    private SharedValidators() {
    }

    public static FhirValidator baseR4() {
        return Base.INSTANCE;
    }

    /** The UK Core validator, or the calling test is skipped (locally) or failed (CI) when the package is absent. */
    public static FhirValidator ukCore() {
        ukCoreDirectoryOrSkip();
        return UkCore.INSTANCE;
    }

    public static Path ukCoreDirectoryOrSkip() {
        Path dir = ukCoreDirectory();
        if (dir == null || !Files.isDirectory(dir)) {
            String why = "UK Core package folder not found (" + dir + "); set junction.shared.dir to the folder holding fhir/ukcore-r4";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " - required under CI=true");
            }
            abort(why + " - skipping the UK Core checks");
        }
        return dir;
    }

    private static Path ukCoreDirectory() {
        String shared = System.getProperty("junction.shared.dir");
        return shared == null ? null : Path.of(shared, "fhir", "ukcore-r4");
    }

    private static final class Base {
        static final FhirValidator INSTANCE = FhirValidator.baseR4().warm();
    }

    private static final class UkCore {
        static final FhirValidator INSTANCE = FhirValidator.withPackages(ukCoreDirectory()).warm();
    }
}
