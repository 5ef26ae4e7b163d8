package org.junction.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scans every file under a directory for a string, in the encodings the hub's stores write text
 * in: UTF-8 (database) and UTF-16 (broker message properties).
 */
public final class DataScanner {

    private DataScanner() {
    }

    /** The files under {@code dir} that contain {@code needle} in any of the encodings. */
    public static List<Path> filesContaining(Path dir, String needle) {
        List<byte[]> patterns = List.of(needle.getBytes(StandardCharsets.UTF_8),
                needle.getBytes(StandardCharsets.UTF_16LE), needle.getBytes(StandardCharsets.UTF_16BE));
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                if (patterns.stream().anyMatch(p -> indexOf(content, p) >= 0)) {
                    hits.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
