package org.junction.security.people;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junction.security.identity.Role;
import org.springframework.jdbc.core.JdbcTemplate;

/** The hub's own people ({@code hub_person}): who they are, and their stored (hashed, sealed) credentials. */
public class PersonStore {

    private static final String COLUMNS = "id, organisation, roles, hub_wide, enabled, failed_attempts, locked_until";

    private final JdbcTemplate jdbc;

    public PersonStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** What a login is checked against. */
    public record Credentials(String passwordHash, byte[] sealedTotpSecret, long lastTotpStep) {
    }

    public void create(String id, String organisation, Set<Role> roles, Collection<String> roleTitles,
                       boolean hubWide, String passwordHash, byte[] sealedTotpSecret, Instant now) {
        jdbc.update("""
                INSERT INTO hub_person (id, organisation, roles, hub_wide, enabled, password_hash, totp_secret,
                    totp_last_step, failed_attempts, locked_until, created_at, updated_at)
                VALUES (?, ?, ?, ?, TRUE, ?, ?, 0, 0, NULL, ?, ?)""",
                id, organisation, roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")), hubWide,
                passwordHash, sealedTotpSecret, utc(now), utc(now));
        for (String title : new TreeSet<>(roleTitles)) {
            jdbc.update("INSERT INTO hub_person_role_title (person_id, title) VALUES (?, ?)", id, title);
        }
    }

    public boolean exists(String id) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM hub_person WHERE id = ?", Integer.class, id);
        return n != null && n > 0;
    }

    public Optional<LocalUser> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub_person WHERE id = ?", (rs, i) -> user(rs, titles(id)), id)
                .stream().findFirst();
    }

    public List<LocalUser> list() {
        Map<String, Set<String>> titles = new HashMap<>();
        jdbc.query("SELECT person_id, title FROM hub_person_role_title", rs -> {
            titles.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
        });
        return jdbc.query("SELECT " + COLUMNS + " FROM hub_person ORDER BY id",
                (rs, i) -> user(rs, titles.getOrDefault(rs.getString("id"), Set.of())));
    }

    public Optional<Credentials> credentials(String id) {
        return jdbc.query("SELECT password_hash, totp_secret, totp_last_step FROM hub_person WHERE id = ?",
                (rs, i) -> new Credentials(rs.getString(1), rs.getBytes(2), rs.getLong(3)), id).stream().findFirst();
    }

    public boolean disable(String id, Instant now) {
        return jdbc.update("UPDATE hub_person SET enabled = FALSE, updated_at = ? WHERE id = ?", utc(now), id) == 1;
    }

    /** New credentials; failures and any lockout are cleared (an admin vouched for the person). */
    public boolean reset(String id, String passwordHash, byte[] sealedTotpSecret, Instant now) {
        return jdbc.update("""
                UPDATE hub_person SET password_hash = ?, totp_secret = ?, failed_attempts = 0, locked_until = NULL,
                    updated_at = ? WHERE id = ?""", passwordHash, sealedTotpSecret, utc(now), id) == 1;
    }

    /**
     * Counts a failed login, and locks the person until {@code lockUntil} when it is the
     * {@code maxFailures}th in a row. One statement, so concurrent failures on several nodes all count.
     *
     * @return whether the person is now locked
     */
    public boolean recordFailure(String id, int maxFailures, Instant lockUntil, Instant now) {
        jdbc.update("""
                UPDATE hub_person SET failed_attempts = failed_attempts + 1,
                    locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END, updated_at = ?
                WHERE id = ?""", maxFailures, utc(lockUntil), utc(now), id);
        return find(id).map(u -> u.lockedUntil() != null && u.lockedUntil().isAfter(now)).orElse(false);
    }

    /**
     * Accepts a TOTP time step once: succeeds only if no code of this step or a later one was accepted
     * before, and then clears the failure count. Conditional in the database, so two nodes given the
     * same code at once cannot both accept it.
     */
    public boolean acceptStep(String id, long step, Instant now) {
        return jdbc.update("""
                UPDATE hub_person SET totp_last_step = ?, failed_attempts = 0, locked_until = NULL, updated_at = ?
                WHERE id = ? AND totp_last_step < ?""", step, utc(now), id, step) == 1;
    }

    private Set<String> titles(String id) {
        return new HashSet<>(jdbc.queryForList("SELECT title FROM hub_person_role_title WHERE person_id = ?",
                String.class, id));
    }

    private static LocalUser user(ResultSet rs, Set<String> titles) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString("roles").split(",")).filter(s -> !s.isBlank()).map(Role::valueOf)
                .forEach(roles::add);
        Timestamp locked = rs.getTimestamp("locked_until");
        return new LocalUser(rs.getString("id"), rs.getString("organisation"), roles, titles,
                rs.getBoolean("hub_wide"), rs.getBoolean("enabled"), rs.getInt("failed_attempts"),
                locked == null ? null : locked.toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
