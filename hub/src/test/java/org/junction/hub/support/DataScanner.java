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
        List<String> patterns = Stream.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)
                .map(encoding -> latin1(needle.getBytes(encoding))).toList();
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = latin1(Files.readAllBytes(file));
                if (patterns.stream().anyMatch(content::contains)) {
                    hits.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    /**
     * Bytes as the string whose chars are those bytes one to one, so that the JVM's vectorised
     * {@code String.indexOf} finds a byte pattern: a data directory holds several hundred MB of
     * journal and database files, and a byte-by-byte loop took seconds over each scan.
     */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
