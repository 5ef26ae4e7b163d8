package org.junction.console.alerts;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operational alerts for hub admins: {@code GET /api/v1/alerts}, open incidents first. */
@RestController
@RequestMapping(AlertController.PATH)
public class AlertController {

    public static final String PATH = "/api/v1/alerts";
    static final int MAX_LIMIT = 500;

    private final AlertList alerts;

    public AlertController(AlertList alerts) {
        this.alerts = alerts;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AlertList.AlertView> list(@RequestParam(defaultValue = "100") int limit) {
        return alerts.alerts(Math.max(1, Math.min(limit, MAX_LIMIT)));
    }
}
