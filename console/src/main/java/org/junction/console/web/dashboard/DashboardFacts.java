package org.junction.console.web.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junction.security.identity.Person;

/** What the dashboard reads from the hub besides the admin APIs, each already scoped to the viewer. */
public interface DashboardFacts {

    /** Referrals received since midnight that the viewer's organisation sent or received, by status word. */
    Map<String, Long> referralsToday(Person viewer);

    /** Depths of the hub's queues that carry the viewer's partners' messages (every queue when hub-wide). */
    Map<String, Long> queueDepths(Person viewer);

    /** The hub's own certificates expiring soon or expired: for hub-wide people only. */
    List<CertificateWarning> certificateWarnings(Person viewer);

    record CertificateWarning(String file, String alias, Instant notAfter, boolean expired) {
    }
}
