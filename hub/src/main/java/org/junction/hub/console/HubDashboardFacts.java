package org.junction.hub.console;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junction.console.scope.Visibility;
import org.junction.console.web.dashboard.DashboardFacts;
import org.junction.hub.operations.QueueDepths;
import org.junction.hub.pki.CertificateWatch;
import org.junction.security.audit.LedgerReader;
import org.junction.security.identity.Person;

/** The dashboard's figures from the ledger, the broker and the certificate watch, scoped to the viewer. */
public class HubDashboardFacts implements DashboardFacts {

    /** A day's referrals beyond this are left out of the counts rather than slow the page down. */
    static final int MAX_COUNTED = 5000;

    private final LedgerReader ledger;
    private final QueueDepths queues;
    private final CertificateWatch certificates;
    private final Visibility visibility;
    private final Clock clock;

    public HubDashboardFacts(LedgerReader ledger, QueueDepths queues, CertificateWatch certificates,
                             Visibility visibility, Clock clock) {
        this.ledger = ledger;
        this.queues = queues;
        this.certificates = certificates;
        this.visibility = visibility;
        this.clock = clock;
    }

    @Override
    public Map<String, Long> referralsToday(Person viewer) {
        OffsetDateTime midnight = LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay().atOffset(ZoneOffset.UTC);
        Map<String, Long> counts = new TreeMap<>();
        ledger.timelinesReceivedSince(midnight.toInstant(), MAX_COUNTED).values().forEach(timeline -> {
            if (!timeline.isEmpty() && sees(viewer, timeline)) {
                counts.merge(LedgerReader.statusWord(timeline), 1L, Long::sum);
            }
        });
        return counts;
    }

    /** The status API's rule: the sender's organisation, or a recipient's that was sent something. */
    private boolean sees(Person viewer, List<LedgerReader.TimelineEntry> timeline) {
        if (viewer.hubWide()) {
            return true;
        }
        String sender = timeline.get(0).senderPartnerId();
        return (sender != null && visibility.sees(viewer, sender))
                || LedgerReader.recipientStatuses(timeline).entrySet().stream()
                        .filter(r -> !"DENIED".equals(r.getValue()) && !"HELD".equals(r.getValue()))
                        .anyMatch(r -> visibility.sees(viewer, r.getKey()));
    }

    @Override
    public Map<String, Long> queueDepths(Person viewer) {
        Map<String, Long> shown = new TreeMap<>();
        queues.depths().forEach((queue, depth) -> {
            if (viewer.hubWide() || namesVisiblePartner(viewer, queue)) {
                shown.put(queue, depth);
            }
        });
        return shown;
    }

    /** Per-partner queues carry the partner's id as one of their dot-separated parts. */
    private boolean namesVisiblePartner(Person viewer, String queue) {
        return Arrays.stream(queue.split("\\.")).anyMatch(part -> !part.isEmpty() && visibility.sees(viewer, part));
    }

    @Override
    public List<CertificateWarning> certificateWarnings(Person viewer) {
        if (!viewer.hubWide() || certificates == null) {
            return List.of();
        }
        return certificates.expiring().stream().map(c -> new CertificateWarning(c.file().getFileName().toString(),
                c.alias(), c.notAfter(), c.notAfter().isBefore(clock.instant()))).toList();
    }
}
