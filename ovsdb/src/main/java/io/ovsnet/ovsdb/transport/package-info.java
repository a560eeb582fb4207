/**
 * Where OVSDB servers listen and how to reach them: {@link io.ovsnet.ovsdb.transport.Remote} in
 * OVS's connection-method syntax, and {@link io.ovsnet.ovsdb.transport.Connector}, which opens
 * unix-socket, TCP and TLS channels over Netty NIO.
 */
package io.ovsnet.ovsdb.transport;
