package org.junction.mappings.codes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ConceptMap;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeTablesTest {

    private static final Path FOLDER = Path.of("src", "main", "resources", "conceptmaps");
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

    @Test
    void everyJsonFileInTheFolderIsLoadedAsATable() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(FOLDER)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .forEach(n -> files.add(n.substring(0, n.length() - 5)));
        }

        assertThat(CodeTables.names()).containsExactlyElementsOf(files);
    }

    @Test
    void everyTableIsAConceptMapWithUrlVersionSourceAndTarget() throws IOException {
        for (String name : CodeTables.names()) {
            ConceptMap map = Fhir.context().newJsonParser()
                    .parseResource(ConceptMap.class, Files.readString(FOLDER.resolve(name + ".json")));
            assertThat(map.getUrl()).as(name).isEqualTo(JunctionSystems.CONCEPT_MAP_BASE + name);
            assertThat(map.getName()).as(name).isEqualTo(name);
            assertThat(map.getVersion()).as(name).isNotBlank();
            assertThat(map.hasSource()).as(name).isTrue();
            assertThat(map.hasTarget()).as(name).isTrue();
            assertThat(map.getGroup()).as(name).isNotEmpty().allSatisfy(g -> {
                assertThat(g.getSource()).isNotBlank();
                assertThat(g.getTarget()).isNotBlank();
            });
            assertThat(CodeTables.sourceCodes(name)).as(name).isNotEmpty();
        }
    }

    @Test
    void everyTableIsUsedByTheMainCode() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file));
            }
        }
        String all = sources.toString();
        List<String> unused = CodeTables.names().stream().filter(name -> !all.contains("\"" + name + "\"")).toList();

        assertThat(unused).as("tables no main class names").isEmpty();
    }

    @Test
    void listsTheFolderInsideAJarAsInsideAnExecutableJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Jar tools write a directory entry too, and a class loader finds a folder by it.
            out.putNextEntry(new JarEntry("BOOT-INF/classes/conceptmaps/"));
            out.closeEntry();
            for (String entry : List.of("BOOT-INF/classes/conceptmaps/a.json", "BOOT-INF/classes/conceptmaps/sub/b.json",
                    "BOOT-INF/classes/conceptmaps/notes.txt", "BOOT-INF/classes/conceptmaps-old/c.json", "conceptmaps/d.json")) {
                out.putNextEntry(new JarEntry(entry));
                out.write("{}".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }

        URL folder = new URL("jar:" + jar.toUri() + "!/BOOT-INF/classes/conceptmaps");
        URL withSlash = new URL("jar:" + jar.toUri() + "!/BOOT-INF/classes/conceptmaps/");

        assertThat(CodeTables.listJsonFiles(folder)).containsExactly("a.json");
        assertThat(CodeTables.listJsonFiles(withSlash)).containsExactly("a.json");
        assertThat(CodeTables.listJsonFiles(FOLDER.toUri().toURL())).containsExactlyInAnyOrderElementsOf(
                CodeTables.names().stream().map(n -> n + ".json").toList());
    }

    @Test
    void translatesForwardAndBackExactly() {
        assertThat(CodeTables.translate("police-gender", "GNDR_0001")).contains("male");
        assertThat(CodeTables.translate("police-gender", "M")).contains("male");
        assertThat(CodeTables.translate("police-gender", "m")).isEmpty();
        assertThat(CodeTables.reverse("police-gender", "male")).contains("male");
        assertThat(CodeTables.translate("police-concern", "CSE")).contains("EXPLOITATION");
        assertThat(CodeTables.reverse("police-concern", "EXPLOITATION")).contains("EXPLOITATION");
        assertThat(CodeTables.translate("police-risk-grade", "LOW")).contains("STANDARD");
        assertThat(CodeTables.translate("police-referral-type", "CTN")).contains("CHILD_CONCERN");
    }

    @Test
    void anUnmatchedElementTranslatesToNothing() {
        assertThat(CodeTables.translate("concern-to-sensitivity", "ASB")).isEmpty();
        assertThat(CodeTables.translate("concern-to-sensitivity", "DA")).contains("SDV");
        assertThat(CodeTables.translate("concern-to-sensitivity", null)).isEmpty();
    }

    @Test
    void anUnknownTableIsAProgrammingError() {
        assertThatIllegalArgumentException().isThrownBy(() -> CodeTables.translate("no-such-table", "X"))
                .withMessageContaining("no-such-table");
    }

    @Test
    void conceptMapHandsOutACopy() {
        ConceptMap copy = CodeTables.conceptMap("police-gender");
        copy.getGroupFirstRep().getElement().clear();

        assertThat(CodeTables.translate("police-gender", "F")).contains("female");
        assertThat(CodeTables.targetSystem("police-gender")).isEqualTo("http://hl7.org/fhir/administrative-gender");
        assertThat(List.copyOf(CodeTables.names())).isSorted();
    }
}
