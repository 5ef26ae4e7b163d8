package org.junction.hub;

import org.junction.hub.cli.JunctionCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Junction hub: one process holding intake, the pipeline, the broker (embedded) and the console. */
// People are created with `junction users add` (or sign in by OIDC): no generated default user may exist.
@SpringBootApplication(scanBasePackages = "org.junction", exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan("org.junction")
public class JunctionHub {

    public static void main(String[] args) {
        if (JunctionCli.handles(args)) {
            // Operator commands run without the server: no web port, broker or routes.
            System.exit(JunctionCli.run(args, System.out, System.err));
        }
        SpringApplication.run(JunctionHub.class, args);
    }
}
