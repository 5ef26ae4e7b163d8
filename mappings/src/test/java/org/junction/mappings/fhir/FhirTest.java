package org.junction.mappings.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

class FhirTest {

    @Test
    void sharesOneR4Context() {
        assertThat(Fhir.context()).isSameAs(Fhir.context());
        assertThat(Fhir.context().getVersion().getVersion()).isEqualTo(FhirVersionEnum.R4);
    }

    @Test
    void writesCompactJsonThatParsesBack() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        bundle.setId("b1");

        String json = Fhir.toJson(bundle);

        assertThat(json).isEqualTo("{\"resourceType\":\"Bundle\",\"id\":\"b1\",\"type\":\"message\"}");
        assertThat(Fhir.parseBundle(json).getType()).isEqualTo(Bundle.BundleType.MESSAGE);
    }

    @Test
    void refusesJsonThatIsNotABundle() {
        assertThatThrownBy(() -> Fhir.parseBundle("{\"resourceType\":\"Patient\"}"))
                .isInstanceOf(DataFormatException.class);
    }
}
