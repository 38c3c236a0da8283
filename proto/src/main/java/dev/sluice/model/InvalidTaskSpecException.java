package dev.sluice.model;

import java.util.List;

public class InvalidTaskSpecException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidTaskSpecException(List<String> problems) {
        super("invalid task: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
