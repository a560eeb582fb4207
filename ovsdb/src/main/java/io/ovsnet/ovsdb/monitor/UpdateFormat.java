package io.ovsnet.ovsdb.monitor;

/**
 * The three ways a monitor reports changes, with the request method that selects each and the
 * notification method that carries it.
 */
public enum UpdateFormat {
    /** RFC 7047 "monitor": rows as {@code {"old":..., "new":...}}, notification "update". */
    UPDATE("monitor", "update"),
    /** ovsdb-server.7 "monitor_cond": {@code initial/insert/delete/modify} with diffs, notification "update2". */
    UPDATE2("monitor_cond", "update2"),
    /** ovsdb-server.7 "monitor_cond_since": as update2 plus a last transaction id, notification "update3". */
    UPDATE3("monitor_cond_since", "update3");

    private final String requestMethod;
    private final String notificationMethod;

    UpdateFormat(String requestMethod, String notificationMethod) {
        this.requestMethod = requestMethod;
        this.notificationMethod = notificationMethod;
    }

    public String requestMethod() {
        return requestMethod;
    }

    public String notificationMethod() {
        return notificationMethod;
    }

    /** Whether "where" conditions can be sent (monitor_cond and monitor_cond_since). */
    public boolean supportsConditions() {
        return this != UPDATE;
    }
}
