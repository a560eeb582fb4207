/**
 * The public entry point: {@link io.ovsnet.ovsdb.client.OvsdbClient}, which speaks the OVSDB
 * methods over the JSON-RPC layer, follows a cluster's leader through the {@code _Server}
 * database, reconnects with backoff and keeps monitors' replicas current across reconnects.
 */
package io.ovsnet.ovsdb.client;
