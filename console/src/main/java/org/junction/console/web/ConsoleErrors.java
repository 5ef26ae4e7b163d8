package org.junction.console.web;

import jakarta.servlet.http.HttpServletRequest;
import org.junction.security.identity.Person;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * "Not found" and "cannot use this page" as console pages (with the person's header and
 * navigation), ahead of the hub's JSON problem details, which are for the API.
 */
@ControllerAdvice(basePackages = "org.junction.console.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleErrors {

    @ExceptionHandler(ResponseStatusException.class)
    public ModelAndView status(ResponseStatusException failure, HttpServletRequest request) {
        HttpStatus status = failure.getStatusCode().value() == HttpStatus.FORBIDDEN.value()
                ? HttpStatus.FORBIDDEN : HttpStatus.NOT_FOUND;
        ModelAndView page = new ModelAndView("error/" + status.value(), status);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Person who = authentication != null && authentication.getPrincipal() instanceof Person p ? p : null;
        page.addObject("who", who);
        page.addObject("navigation", Navigation.forPerson(who));
        page.addObject("currentPath", request.getRequestURI());
        return page;
    }
}
