package org.junction.security.governance.agreement;

import java.util.Objects;

/** An IG lead's recorded approval of one exact version of an agreement, on behalf of their organisation. */
public record AgreementApproval(String agreementId, int version, String organisation) {

    public AgreementApproval {
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(organisation, "organisation");
    }
}
