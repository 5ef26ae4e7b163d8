package org.junction.mappings.canonical;

/** One identifier of the referral's subject, e.g. an NHS number or a force's nominal id. */
public record SubjectIdentifier(String system, String value) {
}
