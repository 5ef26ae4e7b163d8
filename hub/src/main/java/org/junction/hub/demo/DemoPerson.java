package org.junction.hub.demo;

import org.junction.security.people.Base32;
import org.junction.security.people.PersonAdministration;
import org.junction.security.people.PersonStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Creates the demo's published person at start, once (a later start finds it there). */
@Component
@Profile("demo")
public class DemoPerson implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPerson.class);

    private final DemoPersonProperties settings;
    private final PersonAdministration people;
    private final PersonStore store;

    public DemoPerson(DemoPersonProperties settings, PersonAdministration people, PersonStore store) {
        this.settings = settings;
        this.people = people;
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.enabled() || store.exists(settings.id())) {
            return;
        }
        people.seed(settings.id(), settings.organisation(), settings.roles(), settings.roleTitles(),
                settings.hubWide(), settings.password(), Base32.decode(settings.totpSecret()), "DEMO");
        log.info("Demo person '{}' created with the password and TOTP secret published in application-demo.yaml",
                settings.id());
    }
}
