package org.junction.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON Lines ledger, one object per line, flushed per line: the processes that
 * write the ledgers outlive every fault the harness injects, but a harness that dies itself still
 * leaves every line it wrote readable.
 */
public final class JsonLines implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final BufferedWriter out;

    public JsonLines(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public synchronized void write(Object record) {
        try {
            out.write(JSON.writeValueAsString(record));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Every record of a ledger; a torn last line (a writer killed mid-line) is skipped. */
    public static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readValue(line, type));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // Only a last, torn line is expected; anything else is reported by the count.
            }
        }
        return records;
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
