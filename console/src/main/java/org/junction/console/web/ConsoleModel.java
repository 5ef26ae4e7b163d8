package org.junction.console.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.junction.security.identity.Person;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's layout shows: who is signed in, for which organisation, and their navigation. */
@ControllerAdvice(basePackages = "org.junction.console.web")
public class ConsoleModel {

    @ModelAttribute("who")
    public Person who(@AuthenticationPrincipal Object principal) {
        return principal instanceof Person person ? person : null;
    }

    @ModelAttribute("navigation")
    public List<Navigation.Item> navigation(@AuthenticationPrincipal Object principal) {
        return Navigation.forPerson(principal instanceof Person person ? person : null);
    }

    @ModelAttribute("currentPath")
    public String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
