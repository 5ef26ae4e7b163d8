package org.junction.hub.database;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test once on each database the hub supports: embedded H2 and PostgreSQL, each fresh
 * and migrated, handed to the test as a {@link MigratedDatabase} parameter and removed afterwards.
 * The PostgreSQL run follows {@link TestDatabases#postgres}: skipped when none is configured, a
 * failure under CI.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EachDatabase.class)
public @interface OnEachDatabase {
}
