package org.junction.hub.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a statement costs on PostgreSQL, counted in rows rather than milliseconds so that a test
 * can bound it on any machine: every row each plan node produced or threw away, over all its loops,
 * as EXPLAIN ANALYZE reports them. A statement whose cost grows with a table's size shows it here
 * at a few thousand rows, long before it shows in timings.
 */
public final class PlanCost {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] REMOVED = {
            "Rows Removed by Filter", "Rows Removed by Index Recheck", "Rows Removed by Join Filter"};

    private PlanCost() {
    }

    /** Rows touched by the plan PostgreSQL picks for these parameter values (a custom plan). */
    public static long rowsTouched(JdbcTemplate jdbc, String sql, Object... args) {
        return touched(jdbc.queryForObject("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, String.class, args));
    }

    /**
     * Rows touched by the generic plan, the one PostgreSQL may settle on for a statement the driver
     * has prepared on the server once it has run a few times.
     */
    public static long rowsTouchedByGenericPlan(JdbcTemplate jdbc, String sql, Object... args) {
        jdbc.execute("PREPARE plan_cost_check AS " + numbered(sql));
        try {
            jdbc.execute("SET plan_cache_mode = force_generic_plan");
            // EXECUTE takes no bind parameters: the (synthetic) values go in as literals.
            String values = Arrays.stream(args).map(PlanCost::literal).collect(Collectors.joining(", "));
            return touched(jdbc.queryForObject("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE plan_cost_check(" + values + ")",
                    String.class));
        } finally {
            jdbc.execute("RESET plan_cache_mode");
            jdbc.execute("DEALLOCATE plan_cost_check");
        }
    }

    /**
     * How many nodes of the plan PostgreSQL picks for these parameter values read {@code table}, by
     * index or whole, each counted once however many loops it ran: on a table whose statistics make
     * PostgreSQL read it whole, each such read is a pass over every row deleted since it was last
     * vacuumed, so the count is what a test can bound.
     */
    public static int readsOf(JdbcTemplate jdbc, String table, String sql, Object... args) {
        try {
            return readsOf(JSON.readTree(jdbc.queryForObject("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, String.class,
                    args)).get(0).get("Plan"), table);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable EXPLAIN output", e);
        }
    }

    private static int readsOf(JsonNode node, String table) {
        int reads = table.equals(node.path("Relation Name").asText()) ? 1 : 0;
        for (JsonNode child : node.path("Plans")) {
            reads += readsOf(child, table);
        }
        return reads;
    }

    private static String literal(Object value) {
        return value instanceof Number ? value.toString() : "'" + value.toString().replace("'", "''") + "'";
    }

    private static String numbered(String sql) {
        Matcher mark = Pattern.compile("\\?").matcher(sql);
        var out = new StringBuilder();
        int n = 0;
        while (mark.find()) {
            mark.appendReplacement(out, "\\$" + ++n);
        }
        return mark.appendTail(out).toString();
    }

    private static long touched(String explainJson) {
        try {
            return Math.round(touched(JSON.readTree(explainJson).get(0).get("Plan")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable EXPLAIN output", e);
        }
    }

    // PostgreSQL reports rows and removed rows per loop, averaged.
    private static double touched(JsonNode node) {
        double perLoop = node.path("Actual Rows").asDouble();
        for (String removed : REMOVED) {
            perLoop += node.path(removed).asDouble();
        }
        double total = perLoop * node.path("Actual Loops").asDouble(1);
        for (JsonNode child : node.path("Plans")) {
            total += touched(child);
        }
        return total;
    }
}
