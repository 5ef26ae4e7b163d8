package org.junction.mappings.fhir;

import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Type;

/**
 * Named values of a FHIR Parameters resource: how the hub's own dispatch documents (cancellations,
 * rejection and feedback notices) carry their fields inside the canonical Bundle.
 */
public final class ParameterValues {

    private ParameterValues() {
    }

    public static void add(Parameters parameters, String name, Type value) {
        parameters.addParameter().setName(name).setValue(value);
    }

    /** The first value named {@code name}, or null. */
    public static Type value(Parameters parameters, String name) {
        return parameters.getParameter().stream().filter(p -> name.equals(p.getName())).findFirst()
                .map(Parameters.ParametersParameterComponent::getValue).orElse(null);
    }

    /** The first value named {@code name} as text, or null. */
    public static String text(Parameters parameters, String name) {
        Type value = value(parameters, name);
        return value == null ? null : value.primitiveValue();
    }

    /**
     * @param document what the parameters belong to, for the message ("a recall Bundle")
     * @throws IllegalArgumentException naming the missing parameter
     */
    public static String required(Parameters parameters, String name, String document) {
        String value = text(parameters, name);
        if (value == null) {
            throw new IllegalArgumentException(document + " without " + name);
        }
        return value;
    }
}
