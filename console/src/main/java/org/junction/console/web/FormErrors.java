package org.junction.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The errors of one submitted form, in the order of its fields, for the GOV.UK error summary (each
 * linking to its field) and the message beside each field.
 */
public final class FormErrors {

    /** @param field the form field's id, which the summary links to */
    public record Error(String field, String message) {
    }

    private final Map<String, String> byField = new LinkedHashMap<>();

    public FormErrors add(String field, String message) {
        byField.putIfAbsent(field, message);
        return this;
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String get(String field) {
        return byField.get(field);
    }

    public List<Error> all() {
        List<Error> all = new ArrayList<>();
        byField.forEach((field, message) -> all.add(new Error(field, message)));
        return all;
    }
}
