package org.junction.console.alerts;

import java.util.List;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;
import org.springframework.http.MediaType;
import org.junction.security.identity.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operational alerts for hub admins and operators: {@code GET /api/v1/alerts}, open incidents first. */
@RestController
@RequestMapping(AlertController.PATH)
public class AlertController {

    public static final String PATH = "/api/v1/alerts";
    static final int MAX_LIMIT = 500;

    private final AlertList alerts;
    private final Visibility visibility;

    public AlertController(AlertList alerts, Visibility visibility) {
        this.alerts = alerts;
        this.visibility = visibility;
    }

    /**
     * An alert naming a partner is shown only to people who see that partner; hub-level alerts to
     * all. IG leads who do not also run the hub see the governance alerts only (agreements
     * expiring, referrals waiting for a decision, vital-interests records owed).
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR', 'IG_LEAD')")
    public List<AlertList.AlertView> list(@RequestParam(defaultValue = "100") int limit,
                                          @AuthenticationPrincipal Person viewer) {
        int wanted = Math.max(1, Math.min(limit, MAX_LIMIT));
        boolean operates = viewer != null
                && (viewer.roles().contains(Role.HUB_ADMIN) || viewer.roles().contains(Role.OPERATOR));
        if (Visibility.hubWide(viewer) && operates) {
            return alerts.alerts(wanted);
        }
        return alerts.alerts(MAX_LIMIT).stream()
                .filter(a -> operates || a.governance())
                .filter(a -> Visibility.hubWide(viewer) || concerns(a, viewer, operates))
                .limit(wanted).toList();
    }

    /**
     * An alert about an organisation's partner or agreement concerns that organisation's people;
     * one about the hub itself (no organisation) concerns those who run it.
     */
    private boolean concerns(AlertList.AlertView alert, Person viewer, boolean operates) {
        if (viewer == null) {
            return false;
        }
        if (alert.partner() != null) {
            return visibility.sees(viewer, alert.partner());
        }
        return alert.organisations().isEmpty() ? operates : alert.organisations().stream().anyMatch(viewer::sees);
    }
}
