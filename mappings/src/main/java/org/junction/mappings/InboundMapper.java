package org.junction.mappings;

import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.problem.MappingException;

/**
 * Turns one partner format into the canonical message Bundle. Implementations are pure and
 * thread-safe: no I/O, no shared mutable state, the input array is never modified, and the same
 * input and context always give the same Bundle.
 */
public interface InboundMapper {

    /** Stable format id, as configured per partner (e.g. {@code police-referral-json-v1}). */
    String id();

    /**
     * @throws MappingException listing every problem found in the input
     */
    Bundle map(byte[] input, MappingContext ctx) throws MappingException;
}
