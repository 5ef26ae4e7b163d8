package org.junction.security.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recorded consents, one row per (consent, subject pseudonym) so a consent recorded against an
 * NHS number is found for a referral that carries the same number. The FHIR Consent itself is
 * stored only as an encrypted envelope, and once: on the first row written for it; the other
 * rows hold what finding and deciding need.
 */
public class ConsentStore {

    private static final String[] COLUMNS = {"id", "status", "provision", "purposes", "recipients", "valid_from",
        "valid_until", "recorded_at"};

    private final JdbcTemplate jdbc;

    public ConsentStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** Records the consent unless it is already recorded (a re-run stage finds its own row). */
    public boolean save(ConsentRecord consent, Collection<String> subjectPseudonyms, String source, String senderPartnerId,
                        byte[] sealedPayload) {
        List<Object[]> rows = subjectPseudonyms.stream().map(pseudonym -> new Object[] {consent.id(), pseudonym,
            consent.status().name(), consent.provision().name(), String.join(",", consent.purposes()),
            String.join(",", consent.recipients()), utc(consent.validFrom()), utc(consent.validUntil()),
            utc(consent.recordedAt()), source, senderPartnerId, consent.id(), sealedPayload, consent.id(),
            pseudonym}).toList();
        if (rows.isEmpty()) {
            return false;
        }
        // The check is in the insert, so no unique violation poisons the surrounding transaction on
        // PostgreSQL; a batch, so a subject's several pseudonyms cost one round trip, not one each.
        // The batch's rows are written in turn, so only the first row of a consent keeps its copy.
        int[] counts = jdbc.batchUpdate("""
                INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients,
                    valid_from, valid_until, recorded_at, source, sender_partner_id, payload)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    CASE WHEN NOT EXISTS (SELECT 1 FROM consent_record WHERE id = ? AND payload IS NOT NULL)
                        THEN CAST(? AS BYTEA) END
                WHERE NOT EXISTS (SELECT 1 FROM consent_record WHERE id = ? AND subject_pseudonym = ?)""", rows);
        // A driver may answer "succeeded, count unknown" (-2) for a batch: taken as written, since
        // the ledger event that follows a write is itself recorded once only.
        return Arrays.stream(counts).anyMatch(n -> n != 0);
    }

    /** Every consent recorded against any of the pseudonyms, each once. */
    public List<ConsentRecord> forSubject(Collection<String> subjectPseudonyms) {
        if (subjectPseudonyms.isEmpty()) {
            return List.of();
        }
        String marks = subjectPseudonyms.stream().map(p -> "?").collect(Collectors.joining(","));
        return jdbc.query("SELECT DISTINCT " + columns("consent_record")
                + " FROM consent_record WHERE subject_pseudonym IN (" + marks + ")",
                (rs, i) -> read(rs, 1), subjectPseudonyms.toArray());
    }

    /**
     * The columns {@link #read} reads, qualified by {@code alias}: for a statement that reads
     * consents alongside other things, so that one round trip does for both.
     */
    public static String columns(String alias) {
        return Stream.of(COLUMNS).map(column -> alias + "." + column).collect(Collectors.joining(", "));
    }

    /**
     * The consent in the {@link #columns} that start at column {@code first} of the current row, or
     * null when they are empty (an outer join that found no consent).
     */
    public static ConsentRecord read(ResultSet rs, int first) throws SQLException {
        UUID id = rs.getObject(first, UUID.class);
        if (id == null) {
            return null;
        }
        return new ConsentRecord(id, ConsentRecord.Status.valueOf(rs.getString(first + 1)),
                ConsentRecord.Provision.valueOf(rs.getString(first + 2)), split(rs.getString(first + 3)),
                split(rs.getString(first + 4)), instant(rs.getObject(first + 5, OffsetDateTime.class)),
                instant(rs.getObject(first + 6, OffsetDateTime.class)),
                instant(rs.getObject(first + 7, OffsetDateTime.class)));
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
