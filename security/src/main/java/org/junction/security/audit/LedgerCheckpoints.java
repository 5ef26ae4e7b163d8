package org.junction.security.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junction.security.keys.LedgerSigningKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Where checkpoints are kept: the {@code ledger_checkpoint} table, and a copy outside the database,
 * one JSON line per checkpoint ({@link LedgerCheckpoint#toJsonLine()}), appended and flushed to disk.
 *
 * <p>Each node copies into its file every checkpoint the database holds beyond the file's last line,
 * whichever node made it; so a node's file keeps checkpoints the database may later lose. A
 * verification reads both, so deleting checkpoints from the database alone hides nothing.
 */
public class LedgerCheckpoints {

    private static final String COLUMNS = "seq, head_hash, created_at, key_id, signature";

    private final JdbcTemplate jdbc;
    private final Path file;
    private final Supplier<LedgerSigningKeys> keys;
    private long lastSeqInFile = -1;

    /** @param file the copy outside the database; null keeps none */
    public LedgerCheckpoints(JdbcTemplate jdbc, Path file, Supplier<LedgerSigningKeys> keys) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.file = file;
        this.keys = Objects.requireNonNull(keys);
    }

    private static final RowMapper<LedgerCheckpoint> ROW = (rs, i) -> new LedgerCheckpoint(rs.getLong(1),
            rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5));

    /** Checkpoints after {@code afterSeq}, oldest first, at most {@code limit}. */
    public List<LedgerCheckpoint> page(long afterSeq, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ledger_checkpoint WHERE seq > ? ORDER BY seq LIMIT ?", ROW,
                afterSeq, limit);
    }

    /** The database's latest checkpoint; empty before the first. */
    public Optional<LedgerCheckpoint> latest() {
        return jdbc.query("SELECT " + COLUMNS + " FROM ledger_checkpoint ORDER BY seq DESC LIMIT 1", ROW)
                .stream().findFirst();
    }

    /**
     * Every checkpoint known, from the database and the file, each once, in seq order (a seq may
     * appear twice if the two copies disagree).
     *
     * @throws CheckpointFileException if the file cannot be read or holds a line that is not a checkpoint
     */
    public List<LedgerCheckpoint> all() {
        Set<LedgerCheckpoint> all = new LinkedHashSet<>(fromFile());
        long after = 0;
        for (List<LedgerCheckpoint> page = page(after, 1000); !page.isEmpty(); page = page(after, 1000)) {
            all.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        List<LedgerCheckpoint> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparingLong(LedgerCheckpoint::seq));
        return sorted;
    }

    /** The keys checkpoints are signed and verified with, as they are now. */
    public LedgerSigningKeys keys() {
        return keys.get();
    }

    /** Whether the checkpoint's signature holds under the public key its key id names. */
    public boolean signatureValid(LedgerCheckpoint checkpoint) {
        return keys.get().verify(checkpoint.keyId(), checkpoint.signedBytes(), checkpoint.signatureBytes());
    }

    /**
     * Appends to the file the database's checkpoints beyond its last line.
     *
     * @return how many lines were written
     */
    public synchronized int copyToFile() {
        if (file == null) {
            return 0;
        }
        if (lastSeqInFile < 0) {
            lastSeqInFile = fromFile().stream().mapToLong(LedgerCheckpoint::seq).max().orElse(0);
        }
        List<LedgerCheckpoint> missing = page(lastSeqInFile, 1000);
        if (missing.isEmpty()) {
            return 0;
        }
        StringBuilder lines = new StringBuilder();
        missing.forEach(c -> lines.append(c.toJsonLine()).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                OutputStream out = Channels.newOutputStream(channel);
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                channel.force(true);
            }
        } catch (IOException e) {
            throw new CheckpointFileException("cannot append to the checkpoint file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        lastSeqInFile = missing.get(missing.size() - 1).seq();
        return missing.size();
    }

    /** The file's checkpoints in file order; none when there is no file (yet). */
    public List<LedgerCheckpoint> fromFile() {
        if (file == null) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CheckpointFileException("cannot read the checkpoint file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        List<LedgerCheckpoint> checkpoints = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                checkpoints.add(LedgerCheckpoint.fromJsonLine(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new CheckpointFileException("checkpoint file " + file + " line " + (i + 1) + " is not a checkpoint", e);
            }
        }
        return checkpoints;
    }

    /** The checkpoint file is unreadable, unwritable or holds something else; names the file and line only. */
    public static final class CheckpointFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CheckpointFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
