package io.ovsnet.testbed;

/** A testbed could not be built, used or torn down; the message says what and how to fix it. */
public class TestbedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
