package org.junction.mappings.codes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;

/**
 * Every code table of the hub, each a FHIR R4 ConceptMap in {@code /conceptmaps/<name>.json} on
 * the classpath, read once on first use. A table is named by its file name, which must also be
 * its {@code name} and the last segment of its {@code url}, so a map found in a log or a
 * violation can be traced to one file.
 *
 * <p>Lookups are exact (case and spacing matter): a partner that sends {@code m} where the map
 * has {@code M} is told so instead of being guessed at.
 */
public final class CodeTables {

    static final String FOLDER = "conceptmaps";

    private CodeTables() {
    }

    /**
     * The target code that {@code sourceCode} maps to in the named table, or empty when the table
     * has no mapping for it (or maps it as unmatched / disjoint).
     *
     * @throws IllegalArgumentException when no table has that name: a programming error, not bad input
     */
    public static Optional<String> translate(String conceptMapName, String sourceCode) {
        return Optional.ofNullable(sourceCode).map(table(conceptMapName).forward::get);
    }

    /**
     * The source code of the first element, in the table's order, that maps to {@code targetCode};
     * many-to-one tables list their preferred source code first for this reason.
     */
    public static Optional<String> reverse(String conceptMapName, String targetCode) {
        return Optional.ofNullable(targetCode).map(table(conceptMapName).backward::get);
    }

    /** Every table's name, sorted. */
    public static Set<String> names() {
        return Holder.TABLES.keySet();
    }

    /** Every source code of the named table, in the table's order. */
    public static List<String> sourceCodes(String conceptMapName) {
        return List.copyOf(table(conceptMapName).forward.keySet());
    }

    /** A copy of the named ConceptMap, for publishing or inspection. */
    public static ConceptMap conceptMap(String conceptMapName) {
        return table(conceptMapName).map.copy();
    }

    /** The target code system of the named table's first group. */
    public static String targetSystem(String conceptMapName) {
        return table(conceptMapName).map.getGroupFirstRep().getTarget();
    }

    private static Table table(String name) {
        Table table = Holder.TABLES.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no code table named " + name);
        }
        return table;
    }

    private record Table(ConceptMap map, Map<String, String> forward, Map<String, String> backward) {

        static Table of(String name, ConceptMap map) {
            String expectedUrl = JunctionSystems.CONCEPT_MAP_BASE + name;
            if (!expectedUrl.equals(map.getUrl()) || !name.equals(map.getName())) {
                throw new IllegalStateException("ConceptMap " + name + ".json must have url " + expectedUrl
                        + " and name " + name);
            }
            if (!map.hasVersion() || !map.hasSource() || !map.hasTarget() || !map.hasGroup()) {
                throw new IllegalStateException("ConceptMap " + name + " needs version, source, target and a group");
            }
            Map<String, String> forward = new java.util.LinkedHashMap<>();
            Map<String, String> backward = new java.util.LinkedHashMap<>();
            for (ConceptMap.ConceptMapGroupComponent group : map.getGroup()) {
                for (ConceptMap.SourceElementComponent element : group.getElement()) {
                    for (ConceptMap.TargetElementComponent target : element.getTarget()) {
                        if (!maps(target)) {
                            continue;
                        }
                        if (forward.putIfAbsent(element.getCode(), target.getCode()) != null) {
                            throw new IllegalStateException("ConceptMap " + name + " maps a source code twice");
                        }
                        backward.putIfAbsent(target.getCode(), element.getCode());
                    }
                }
            }
            return new Table(map, Collections.unmodifiableMap(forward), Collections.unmodifiableMap(backward));
        }

        private static boolean maps(ConceptMap.TargetElementComponent target) {
            return target.hasCode() && target.getEquivalence() != ConceptMapEquivalence.UNMATCHED
                    && target.getEquivalence() != ConceptMapEquivalence.DISJOINT;
        }
    }

    // Loaded on first use rather than in a static initialiser of CodeTables itself, so a broken
    // table shows as an error of the first lookup with its cause, not as NoClassDefFoundError later.
    private static final class Holder {
        static final Map<String, Table> TABLES = load();

        private static Map<String, Table> load() {
            Map<String, Table> tables = new TreeMap<>();
            for (Map.Entry<String, String> file : readFolder().entrySet()) {
                String name = file.getKey();
                ConceptMap map = Fhir.context().newJsonParser().parseResource(ConceptMap.class, file.getValue());
                tables.put(name, Table.of(name, map));
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no ConceptMaps found in /" + FOLDER);
            }
            return Collections.unmodifiableMap(tables);
        }

        /**
         * File name without ".json" -> content, for every JSON file in the folder. The folder is
         * listed from a directory or through the jar's own URL connection, which also works for a
         * jar nested in a Spring Boot executable jar; each file is then read as a class path resource.
         */
        private static Map<String, String> readFolder() {
            URL url = CodeTables.class.getResource("/" + FOLDER);
            if (url == null) {
                throw new IllegalStateException("no /" + FOLDER + " on the classpath");
            }
            try {
                Map<String, String> files = new TreeMap<>();
                for (String fileName : listJsonFiles(url)) {
                    try (InputStream in = CodeTables.class.getResourceAsStream("/" + FOLDER + "/" + fileName)) {
                        if (in == null) {
                            throw new IllegalStateException("cannot read /" + FOLDER + "/" + fileName);
                        }
                        files.put(fileName.substring(0, fileName.length() - ".json".length()),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                return files;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The names of the JSON files directly in {@code folder}, a directory or a folder inside a jar. */
    static List<String> listJsonFiles(URL folder) throws IOException {
        List<String> names = new ArrayList<>();
        if ("file".equals(folder.getProtocol())) {
            try (Stream<Path> list = Files.list(Path.of(URI.create(folder.toString())))) {
                list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(names::add);
            }
            return names;
        }
        URLConnection connection = folder.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IllegalStateException("cannot list a folder from a " + folder.getProtocol() + " URL");
        }
        // The JarFile is shared through the URL cache: it must not be closed here.
        JarFile jar = jarConnection.getJarFile();
        String entryName = jarConnection.getEntryName() == null ? "" : jarConnection.getEntryName();
        String prefix = entryName.endsWith("/") || entryName.isEmpty() ? entryName : entryName + "/";
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName();
            String rest = entry.startsWith(prefix) ? entry.substring(prefix.length()) : "";
            if (rest.endsWith(".json") && !rest.contains("/")) {
                names.add(rest);
            }
        }
        return names;
    }
}
