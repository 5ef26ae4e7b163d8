package org.junction.console.web.deadletters;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junction.console.deadletter.DeadLetterAdministration;
import org.junction.console.deadletter.DeadLetterController;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Dead letters of the viewer's organisation (all when hub-wide): metadata only, and a replay with a
 * required reason. Listing and replaying go through the dead-letter API's controller, so the page
 * and the API scope and record exactly alike.
 */
@Controller
public class DeadLettersPage {

    static final String PATH = ConsolePaths.ROOT + "/dead-letters";

    private final DeadLetterController deadLetters;

    public DeadLettersPage(DeadLetterController deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public String list(@AuthenticationPrincipal Person viewer, Model model) {
        model.addAttribute("deadLetters", deadLetters.list(viewer));
        return "console/dead-letters";
    }

    @GetMapping(PATH + "/replay")
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public String replayForm(@RequestParam("messageId") String messageId, @AuthenticationPrincipal Person viewer,
                             Model model) {
        model.addAttribute("deadLetter", visible(messageId, viewer));
        model.addAttribute("errors", new FormErrors());
        model.addAttribute("reason", "");
        return "console/dead-letter-replay";
    }

    @PostMapping(PATH + "/replay")
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public String replay(@RequestParam("messageId") String messageId,
                         @RequestParam(name = "reason", required = false) String reason,
                         @RequestParam(name = "force", required = false) String force,
                         @AuthenticationPrincipal Person viewer, Principal caller, Model model,
                         RedirectAttributes redirect, HttpServletResponse response) {
        var deadLetter = visible(messageId, viewer);
        FormErrors errors = new FormErrors();
        if (reason == null || reason.isBlank()) {
            errors.add("reason", "Enter why this message is being replayed");
        } else if (reason.length() > DeadLetterController.MAX_REASON) {
            errors.add("reason", "The reason must be " + DeadLetterController.MAX_REASON + " characters or fewer");
        }
        if (!errors.isEmpty()) {
            return form(deadLetter, errors, reason, HttpStatus.BAD_REQUEST.value(), model, response);
        }
        ResponseEntity<?> answer = deadLetters.replay(new DeadLetterController.ReplayRequest(List.of(messageId),
                reason, "true".equals(force)), viewer, caller);
        if (answer.getBody() instanceof List<?> views && !views.isEmpty()
                && views.get(0) instanceof DeadLetterAdministration.ReplayView view) {
            redirect.addFlashAttribute("replayed", view);
            return "redirect:" + PATH;
        }
        // The API refused the replay, or replayed nothing: the person is told, on the form, rather
        // than sent back to the list as if it had gone.
        if (answer.getBody() instanceof ProblemDetail problem
                && problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> found) {
            for (Object e : found) {
                if (e instanceof Map<?, ?> error) {
                    errors.add("reason", "reason".equals(error.get("field"))
                            ? "The reason was refused: " + error.get("reason")
                            : "The message could not be replayed: " + error.get("reason"));
                }
            }
        }
        if (errors.isEmpty()) {
            errors.add("reason", "The message was not replayed. Try again, or check it is still dead-lettered");
        }
        int status = answer.getStatusCode().is4xxClientError() ? answer.getStatusCode().value()
                : HttpStatus.CONFLICT.value();
        return form(deadLetter, errors, reason, status, model, response);
    }

    private static String form(DeadLetterAdministration.DeadLetterView deadLetter, FormErrors errors, String reason,
                               int status, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("deadLetter", deadLetter);
        model.addAttribute("errors", errors);
        model.addAttribute("reason", reason == null ? "" : reason);
        return "console/dead-letter-replay";
    }

    /** The dead letter if the viewer may see it; otherwise not found, as if it were not there. */
    private DeadLetterAdministration.DeadLetterView visible(String messageId, Person viewer) {
        return deadLetters.list(viewer).stream().filter(d -> d.messageId().equals(messageId)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
