package org.junction.security.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Hash of one chain link: lowercase hex SHA-256 over a canonical encoding of the position, the
 * previous link's hash and the sealed event. Pure, so a verifier outside the hub (or a later
 * version of it) can recompute the chain from an export.
 *
 * <p>Encoding, in order: a version label; seq (8 bytes, big-endian); prev hash; ledger event id
 * (8 bytes); event_id, stage_key, event_type, occurred_at, actor, tracking_id, sender, recipient,
 * purpose, outcome, reason_code; generation (4 bytes); pseudonym count (4 bytes) and each
 * pseudonym, sorted by their UTF-8 bytes. Every text field is a presence byte (0 = null, 1 =
 * present) then, when present, its UTF-8 length (4 bytes) and bytes: the lengths keep
 * {@code ("ab","c")} apart from {@code ("a","bc")} and the presence byte keeps null apart from "".
 * UUIDs are their lowercase text form; occurred_at is UTC ISO-8601 with exactly nine fraction
 * digits, so no stored precision is dropped and the text is the same in any language.
 *
 * <p>An event with details (see {@link LedgerDetails}) then adds the label {@code details.v1}
 * and, in order: correlation id, basis kind, basis codes, agreement id, agreement version (decimal
 * text), flow id, consent id, decision id, decision-maker, data categories, labels; each list is a
 * count (4 bytes) and its codes in stored order. An event without details adds nothing, which
 * keeps every link sealed before details existed valid.
 */
public final class ChainHasher {

    /** The previous hash of the first link. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final byte[] VERSION = "junction.ledger.chain.v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DETAILS = "details.v1".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter INSTANT_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private ChainHasher() {
    }

    public static String hash(long seq, String prevHash, SealedEventContent e) {
        var out = new Canonical();
        out.text(VERSION);
        out.int64(seq);
        out.text(prevHash);
        out.int64(e.ledgerEventId());
        out.uuid(e.eventId());
        out.text(e.stageKey());
        out.text(e.eventType());
        out.instant(e.occurredAt());
        out.text(e.actor());
        out.uuid(e.trackingId());
        out.text(e.senderPartnerId());
        out.text(e.recipientPartnerId());
        out.text(e.purpose());
        out.text(e.outcome());
        out.text(e.reasonCode());
        out.int32(e.generation());
        List<byte[]> pseudonyms = e.subjectPseudonyms().stream()
                .map(p -> p.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned)
                .toList();
        out.int32(pseudonyms.size());
        pseudonyms.forEach(out::text);
        LedgerDetails d = e.details();
        if (!d.isEmpty()) {
            // Only events that carry details hash them, so links sealed before events had any keep
            // their hashes and an older chain still verifies.
            out.text(DETAILS);
            out.text(d.correlationId());
            out.text(d.basisKind());
            out.codes(d.basisCodes());
            out.text(d.agreementId());
            out.text(d.agreementVersion() == null ? null : d.agreementVersion().toString());
            out.text(d.flowId());
            out.uuid(d.consentId());
            out.uuid(d.decisionId());
            out.text(d.decisionMaker());
            out.codes(d.dataCategories());
            out.codes(d.labels());
        }
        return HEX.formatHex(sha256().digest(out.bytes()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static final class Canonical {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(512);

        void int64(long v) {
            buf.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
        }

        void int32(int v) {
            buf.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(v).array());
        }

        void text(String s) {
            text(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        void text(byte[] b) {
            if (b == null) {
                buf.write(0);
                return;
            }
            buf.write(1);
            int32(b.length);
            buf.writeBytes(b);
        }

        /** A list whose order is part of its meaning: count, then each code. */
        void codes(List<String> codes) {
            int32(codes.size());
            codes.forEach(this::text);
        }

        void uuid(UUID u) {
            text(u == null ? null : u.toString());
        }

        void instant(Instant t) {
            text(t == null ? null : INSTANT_TEXT.format(t));
        }

        byte[] bytes() {
            return buf.toByteArray();
        }
    }
}
