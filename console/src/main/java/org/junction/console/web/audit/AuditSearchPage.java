package org.junction.console.web.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junction.console.audit.AuditLedger;
import org.junction.console.audit.AuditRequests;
import org.junction.console.web.FormErrors;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * An IG lead searches the ledger through the audit API's own rules and service: the same criteria,
 * the same scope, and the same SEARCHED record of each page asked for. The form is posted, so the
 * identifier and the reason stay out of addresses, as with the API's POST search.
 */
@Controller
public class AuditSearchPage {

    static final String PATH = AuditForms.ROOT;
    static final List<String> FIELDS = List.of("nhsNumber", "policeId", "councilId", "issuer", "partner", "purpose",
            "basisKind", "outcome", "eventType", "from", "to", "reason", "page", "size");
    static final List<String> EVENT_TYPES = Arrays.stream(LedgerEventType.values()).map(Enum::name).sorted().toList();
    static final List<String> BASIS_KINDS = AuditRequests.BASIS_KINDS.stream().sorted().toList();

    private final AuditLedger ledger;

    public AuditSearchPage(AuditLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String form(Model model) {
        return page(Map.of(), new FormErrors(), null, model);
    }

    @PostMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String search(HttpServletRequest request, @AuthenticationPrincipal Person viewer, Model model,
                         HttpServletResponse response) {
        Map<String, String> fields = AuditForms.fields(request, FIELDS);
        List<AuditRequests.FieldError> found = new ArrayList<>();
        AuditLedger.SearchCriteria criteria = AuditRequests.search(fields, found);
        String reason = AuditRequests.reason(fields, found);
        if (!found.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(fields, AuditForms.errors(found, FIELDS), null, model);
        }
        return page(fields, new FormErrors(), ledger.search(criteria, reason, viewer), model);
    }

    private static String page(Map<String, String> fields, FormErrors errors, AuditLedger.SearchResult result,
                               Model model) {
        model.addAttribute("form", AuditForms.shownAgain(fields));
        model.addAttribute("errors", errors);
        model.addAttribute("result", result);
        model.addAttribute("eventTypes", EVENT_TYPES);
        model.addAttribute("basisKinds", BASIS_KINDS);
        return "console/audit-search";
    }
}
