package org.junction.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecallAckFileTest {

    private static final UUID RECALL = UUID.fromString("8d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    @Test
    void onlyTheExactHeaderMakesAFileAnAcknowledgement() {
        assertThat(RecallAckFile.is(bytes("record_type,hub_recall_id\r\nRECALL_ACK," + RECALL + "\r\n"))).isTrue();
        assertThat(RecallAckFile.is(bytes("\uFEFFrecord_type,hub_recall_id\nRECALL_ACK," + RECALL))).isTrue();
        assertThat(RecallAckFile.is(bytes("record_type,hub_recall_id,extra\r\n"))).isFalse();
        assertThat(RecallAckFile.is(bytes("record_ref,nominal_id,given_names\r\n"))).isFalse();
        assertThat(RecallAckFile.is(bytes("record_type,hub_recall_id"))).isFalse();
    }

    @Test
    void rowsNameTheirNumberAndAnUnreadableRowNamesNoId() {
        var rows = RecallAckFile.rows(bytes("record_type,hub_recall_id\r\nRECALL_ACK," + RECALL
                + "\r\n\r\nRECALL_ACK,not-a-uuid\r\nCANCELLATION," + RECALL + "\r\n"));
        assertThat(rows).containsExactly(new RecallAckFile.Row(2, RECALL), new RecallAckFile.Row(4, null),
                new RecallAckFile.Row(5, null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
