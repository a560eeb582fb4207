package io.ovsnet.agent.docker;

/** A container label that ovsnet reads has a value it cannot use. The message says which and why. */
public final class InvalidLabelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String label;

    public InvalidLabelException(String label, String value, String expected) {
        super("label " + label + "=" + value + " is not valid: expected " + expected);
        this.label = label;
    }

    /** The label's key, such as {@code ovsnet.ip}. */
    public String label() {
        return label;
    }
}
