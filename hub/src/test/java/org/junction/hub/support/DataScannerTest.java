package org.junction.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataScannerTest {

    @TempDir
    Path dir;

    @Test
    void findsTheNeedleInEachEncodingTheStoresWriteAndOnlyInTheFilesHoldingIt() throws IOException {
        Files.createDirectories(dir.resolve("db"));
        Path utf8 = Files.write(dir.resolve("db/store.mv.db"), bytes("\u0000\u00ffrow:9990000204;", StandardCharsets.UTF_8));
        Path le = Files.write(dir.resolve("journal-le.amq"), bytes("prop=Wrenfield 9990000204", StandardCharsets.UTF_16LE));
        Path be = Files.write(dir.resolve("journal-be.amq"), bytes("9990000204", StandardCharsets.UTF_16BE));
        Files.write(dir.resolve("other.amq"), bytes("9990000212 999000020", StandardCharsets.UTF_8));
        Files.write(dir.resolve("empty.amq"), new byte[0]);

        assertThat(DataScanner.filesContaining(dir, "9990000204")).containsExactlyInAnyOrder(utf8, le, be);
        assertThat(DataScanner.filesContaining(dir, "Wrenfield")).containsExactly(le);
        assertThat(DataScanner.filesContaining(dir, "9990000263")).isEmpty();
    }

    @Test
    void bytesAboveSevenBitsAreMatchedAsTheyAre() throws IOException {
        Path file = Files.write(dir.resolve("names.db"), bytes("Zoë Ashwater", StandardCharsets.UTF_8));

        assertThat(DataScanner.filesContaining(dir, "Zoë")).containsExactly(file);
        assertThat(DataScanner.filesContaining(dir, "Zoe")).isEmpty();
    }

    private static byte[] bytes(String text, java.nio.charset.Charset encoding) {
        return text.getBytes(encoding);
    }
}
