package org.junction.hub.people;

import java.util.Optional;
import java.util.UUID;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.partner.Partner;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;

/** Who sees which partner: through the organisation each partner file names (the partner's id when none). */
public class PartnerVisibility implements Visibility {

    private final ActiveConfig config;
    private final OutboxStore requests;

    public PartnerVisibility(ActiveConfig config, OutboxStore requests) {
        this.config = config;
        this.requests = requests;
    }

    @Override
    public boolean sees(Person person, String partnerId) {
        return person.hubWide()
                || config.partners().find(partnerId).map(Partner::organisation).map(person::sees).orElse(false);
    }

    @Override
    public Optional<String> senderOf(UUID trackingId) {
        return requests.senderOf(trackingId);
    }
}
