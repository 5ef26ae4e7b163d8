package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junction.hub.operations.DatabaseMaintenanceCheck;

/** The start-up check reads PostgreSQL's own maintenance settings, and has nothing to say about H2. */
class DatabaseMaintenanceOnEachDatabaseIT {

    @OnEachDatabase
    void readsTheSettingsTheServerRunsWith(MigratedDatabase db) {
        var settings = new DatabaseMaintenanceCheck(db.dataSource()).read();
        if (!db.postgres()) {
            assertThat(settings).isEmpty();
            return;
        }
        String autovacuum = db.jdbc().queryForObject("SHOW autovacuum", String.class);
        String trackCounts = db.jdbc().queryForObject("SHOW track_counts", String.class);
        assertThat(settings).hasValueSatisfying(read -> assertThat(read)
                .containsEntry("autovacuum", autovacuum)
                .containsEntry("track_counts", trackCounts)
                .hasSize(2));
    }
}
