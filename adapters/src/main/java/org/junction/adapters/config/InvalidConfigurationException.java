package org.junction.adapters.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration set that cannot be applied, with every problem found in it. */
public class InvalidConfigurationException extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public InvalidConfigurationException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
