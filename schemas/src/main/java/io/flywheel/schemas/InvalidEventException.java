package io.flywheel.schemas;

import java.util.List;

/** An event that breaks the contract was about to be written; nothing was sent. */
public class InvalidEventException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidEventException(String eventType, List<String> problems) {
        super(eventType + " is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
