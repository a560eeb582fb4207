package io.ovsnet.ipam.store;

/** OVSDB schema versions ({@code x.y.z}, RFC 7047 section 3.2 and ovsdb(7)), compared as numbers. */
final class SchemaVersion {
    private SchemaVersion() {}

    /**
     * Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b}.
     *
     * @throws IllegalArgumentException when either is not of the form {@code x.y.z}
     */
    static int compare(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] parse(String version) {
        String[] parts = version.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("schema version '" + version + "' is not of the form x.y.z");
        }
        int[] numbers = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                numbers[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schema version '" + version + "' is not of the form x.y.z");
        }
        return numbers;
    }
}
