package org.junction.hub.support;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which the hub logged synthetic personal data (see {@link LogHygiene}).
 * Registered for every test of the module through JUnit's extension auto-detection. A line logged
 * by a background thread is charged to the test that ends next: the suite fails either way.
 */
public class LogHygieneExtension implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = LogHygiene.drain();
        if (!violations.isEmpty()) {
            throw new AssertionError("personal data in the hub's log (" + violations.size() + " line(s)):\n"
                    + String.join("\n", violations.subList(0, Math.min(10, violations.size()))));
        }
    }
}
