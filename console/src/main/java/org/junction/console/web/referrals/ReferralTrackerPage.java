package org.junction.console.web.referrals;

import java.util.UUID;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Follow one referral by its tracking id: where it stands with each recipient and the timeline of
 * what happened to it; never its content. A referral the viewer's organisation neither sent nor
 * received is "not found", exactly like one that does not exist.
 */
@Controller
public class ReferralTrackerPage {

    static final String PATH = ConsolePaths.ROOT + "/referrals";

    private final ReferralTimelines timelines;

    public ReferralTrackerPage(ReferralTimelines timelines) {
        this.timelines = timelines;
    }

    /** The lookup form; a submitted id goes to its own page (a GET form, so it works without JavaScript). */
    @GetMapping(PATH)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR', 'IG_LEAD')")
    public String lookup(@RequestParam(name = "trackingId", required = false) String trackingId, Model model) {
        FormErrors errors = new FormErrors();
        if (trackingId != null) {
            if (parse(trackingId) != null) {
                return "redirect:" + PATH + "/" + parse(trackingId);
            }
            errors.add("trackingId", "Enter a tracking ID like 3f2b6c1e-8d4a-4b7e-9c0d-1a2b3c4d5e6f");
        }
        model.addAttribute("errors", errors);
        model.addAttribute("trackingId", trackingId == null || trackingId.length() > 64 ? "" : trackingId);
        return "console/referral-lookup";
    }

    @GetMapping(PATH + "/{trackingId}")
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR', 'IG_LEAD')")
    public String referral(@PathVariable("trackingId") String trackingId, @AuthenticationPrincipal Person viewer,
                           Model model) {
        UUID id = parse(trackingId);
        var timeline = id == null ? null : timelines.timeline(viewer, id).orElse(null);
        if (timeline == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("referral", timeline);
        model.addAttribute("igLead", viewer.roles().contains(org.junction.security.identity.Role.IG_LEAD));
        return "console/referral";
    }

    private static UUID parse(String value) {
        try {
            return value == null ? null : UUID.fromString(value.strip());
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
