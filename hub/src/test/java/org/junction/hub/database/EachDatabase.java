package org.junction.hub.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The runs of an {@link OnEachDatabase} test: one per {@link MigratedDatabase.Kind}. */
final class EachDatabase implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EachDatabase.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(MigratedDatabase.Kind.values()).map(EachDatabase::run);
    }

    private static TestTemplateInvocationContext run(MigratedDatabase.Kind kind) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return kind == MigratedDatabase.Kind.H2 ? "on H2" : "on PostgreSQL";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Run(kind));
            }
        };
    }

    /**
     * Opens the run's database before the test (a PostgreSQL run not configured is skipped here,
     * or fails under CI), hands it to the test, and removes it once the run ends.
     */
    private record Run(MigratedDatabase.Kind kind) implements BeforeEachCallback, ParameterResolver {

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            Opened opened = kind == MigratedDatabase.Kind.H2 ? h2() : postgres();
            // Stored before migrating, so that a failed migration's schema is still dropped.
            context.getStore(NAMESPACE).put(Opened.class, opened);
            var flyway = Flyway.configure().dataSource(opened.database().dataSource()).locations("classpath:db/migration");
            if (opened.schema() != null) {
                flyway.schemas(opened.schema()).createSchemas(true);
            }
            flyway.load().migrate();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == MigratedDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(NAMESPACE).get(Opened.class, Opened.class).database();
        }

        private static Opened h2() throws IOException {
            Path dir = Files.createTempDirectory("junction-each-database");
            return new Opened(new MigratedDatabase(MigratedDatabase.Kind.H2, TestDatabases.h2(dir)), null,
                    () -> deleteTree(dir));
        }

        private static Opened postgres() {
            String schema = TestDatabases.freshSchemaName();
            SingleConnectionDataSource ds = TestDatabases.postgres(schema);
            return new Opened(new MigratedDatabase(MigratedDatabase.Kind.POSTGRESQL, ds), schema, () -> {
                new JdbcTemplate(ds).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                ds.destroy();
            });
        }

        private static void deleteTree(Path dir) throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Closed by JUnit as the run's context ends, whether the test passed or not. */
    private record Opened(MigratedDatabase database, String schema, Cleanup cleanup)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            cleanup.run();
        }
    }

    @FunctionalInterface
    private interface Cleanup {
        void run() throws Exception;
    }
}
