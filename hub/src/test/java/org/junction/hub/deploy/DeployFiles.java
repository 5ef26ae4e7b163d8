package org.junction.hub.deploy;

import java.nio.file.Path;

/** The repository's deploy/ directory, from the root the build names (the hub module's parent otherwise). */
final class DeployFiles {

    private DeployFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty("junction.root.dir", "..")).toAbsolutePath().normalize();
    }
}
