package org.junction.security.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recorded consents, one row per (consent, subject pseudonym) so a consent recorded against an
 * NHS number is found for a referral that carries the same number. The FHIR Consent itself is
 * stored only as an encrypted envelope.
 */
public class ConsentStore {

    private final JdbcTemplate jdbc;

    public ConsentStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** Records the consent unless it is already recorded (a re-run stage finds its own row). */
    public boolean save(ConsentRecord consent, Collection<String> subjectPseudonyms, String source, String senderPartnerId,
                        byte[] sealedPayload) {
        boolean wrote = false;
        for (String pseudonym : subjectPseudonyms) {
            // The check is in the insert: one statement, and no unique violation to poison the
            // surrounding transaction on PostgreSQL.
            wrote |= jdbc.update("""
                    INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients,
                        valid_from, valid_until, recorded_at, source, sender_partner_id, payload)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM consent_record WHERE id = ? AND subject_pseudonym = ?)""",
                    consent.id(), pseudonym, consent.status().name(), consent.provision().name(),
                    String.join(",", consent.purposes()), String.join(",", consent.recipients()),
                    utc(consent.validFrom()), utc(consent.validUntil()), utc(consent.recordedAt()), source,
                    senderPartnerId, sealedPayload, consent.id(), pseudonym) == 1;
        }
        return wrote;
    }

    /** Every consent recorded against any of the pseudonyms, each once. */
    public List<ConsentRecord> forSubject(Collection<String> subjectPseudonyms) {
        if (subjectPseudonyms.isEmpty()) {
            return List.of();
        }
        String marks = subjectPseudonyms.stream().map(p -> "?").collect(Collectors.joining(","));
        return jdbc.query("""
                SELECT DISTINCT id, status, provision, purposes, recipients, valid_from, valid_until, recorded_at
                FROM consent_record WHERE subject_pseudonym IN (""" + marks + ")",
                (rs, i) -> new ConsentRecord(rs.getObject(1, UUID.class),
                        ConsentRecord.Status.valueOf(rs.getString(2)), ConsentRecord.Provision.valueOf(rs.getString(3)),
                        split(rs.getString(4)), split(rs.getString(5)),
                        instant(rs.getObject(6, OffsetDateTime.class)), instant(rs.getObject(7, OffsetDateTime.class)),
                        instant(rs.getObject(8, OffsetDateTime.class))),
                subjectPseudonyms.toArray());
    }

    private static Set<String> split(String joined) {
        return joined.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(joined.split(",")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
