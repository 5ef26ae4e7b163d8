package org.junction.hub.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Test data and file helpers shared by the file adapter integration tests. */
final class FilePartners {

    static final String HIGH_DEMAND_HEADER = "record_ref,nominal_id,given_names,family_name,birth_date,gender_code,"
            + "nhs_number,address_line_1,address_line_2,town,postcode,contact_count,period_start,period_end,"
            + "last_contact_date,incident_categories,vulnerability_flags,risk_grade,purpose,officer_name,officer_id,team";

    private FilePartners() {
    }

    /** One synthetic high-demand row: an invented person, an NHS number from the 999 test range. */
    static String highDemandRow(String recordRef, String given, String family, String nhsNumber) {
        return String.join(",", recordRef, "NOM-" + recordRef.substring(recordRef.length() - 4), given, family,
                "1988-07-21", "F", nhsNumber, "7 Example Terrace", "", "Testbury", "TB1 2CD", "17", "2026-05-01",
                "2026-10-31", "2026-10-27", "DOM;MH", "DAV", "HIGH", "PATSFTY", "PC Sam Example", "4521",
                "Partnership Hub East");
    }

    static String highDemandFile(String... rows) {
        return HIGH_DEMAND_HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    /** A file that is not a high-demand extract at all: intake cannot read its header. */
    static String unreadableFile() {
        return "ref;name;note\r\nX-1;unknown;this export used the wrong template\r\n";
    }

    /**
     * Places a file the way a well-behaved partner does: written under a hidden name, then renamed,
     * so the hub never sees it half written.
     */
    static void drop(Path directory, String name, String content) {
        try {
            Files.createDirectories(directory);
            Path hidden = directory.resolve("." + name + "." + UUID.randomUUID());
            Files.writeString(hidden, content);
            Files.move(hidden, directory.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
