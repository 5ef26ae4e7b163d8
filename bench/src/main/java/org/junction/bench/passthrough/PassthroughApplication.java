package org.junction.bench.passthrough;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;

/**
 * B1 of bench/run.sh: the baseline the hub's throughput is divided by. The hub's own stack
 * (Spring Boot, Spring MVC on Tomcat, embedded Artemis with the hub's journal policy, Camel 4.18's
 * jms and http components) carrying a referral from an HTTP POST through a durable queue and a
 * transacted consumer to a partner's HTTP endpoint, and doing nothing else: no authentication,
 * mapping, governance, encryption, database or audit.
 *
 * <p>It lives in the bench module, not beside the product: it is a measuring instrument, and the
 * product modules' rule that only adapters and routes speak Camel (ModuleDependencyTest) is about
 * what the hub ships; the bench module is never on the hub's classpath. The bench jar holds H2 and
 * Flyway for the ledger benchmarks, so their auto-configuration is switched off here: a database
 * is exactly what the baseline must not have.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
public class PassthroughApplication {

    public static void main(String[] args) {
        // Its own file name (passthrough.yaml), so that nothing else on the bench classpath is read as its settings.
        if (System.getProperty("spring.config.name") == null) {
            System.setProperty("spring.config.name", "passthrough");
        }
        SpringApplication.run(PassthroughApplication.class, args);
    }
}
