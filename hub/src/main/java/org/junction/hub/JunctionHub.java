package org.junction.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Junction hub: one process holding intake, the pipeline, the broker (embedded) and the console. */
@SpringBootApplication(scanBasePackages = "org.junction")
@ConfigurationPropertiesScan("org.junction")
public class JunctionHub {

    public static void main(String[] args) {
        SpringApplication.run(JunctionHub.class, args);
    }
}
