package org.junction.mappings.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingExceptionTest {

    @Test
    void messageListsEachFieldWithItsReason() {
        MappingException e = new MappingException(List.of(
                Violation.malformed("sourceRef", "is required"),
                Violation.rule("concerns[1]", "is not a known code")));

        assertThat(e.getMessage())
                .isEqualTo("2 violation(s): sourceRef is required (MALFORMED); concerns[1] is not a known code (RULE)");
    }

    @Test
    void isMalformedWhenAnyViolationIsMalformed() {
        assertThat(new MappingException(List.of(Violation.rule("a", "r"), Violation.malformed("b", "r"))).kind())
                .isEqualTo(Violation.Kind.MALFORMED);
        assertThat(new MappingException(List.of(Violation.rule("a", "r"))).kind()).isEqualTo(Violation.Kind.RULE);
    }

    @Test
    void keepsItsOwnCopyOfTheViolations() {
        List<Violation> list = new ArrayList<>(List.of(Violation.rule("a", "r")));
        MappingException e = new MappingException(list);
        list.clear();
        assertThat(e.violations()).hasSize(1);
    }

    @Test
    void refusesToBeCreatedWithoutViolations() {
        assertThatThrownBy(() -> new MappingException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
