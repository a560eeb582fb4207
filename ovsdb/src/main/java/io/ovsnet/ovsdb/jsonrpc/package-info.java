/**
 * JSON-RPC 1.0 over a byte stream, as OVSDB uses it (RFC 7047 section 4): framing of
 * concatenated JSON objects, calls matched to replies by id with timeouts, {@code echo}
 * answered and sent as a keepalive, notifications dispatched by method. Knows nothing of OVSDB
 * methods; runs on any Netty {@link io.netty.channel.Channel}, so it is tested on
 * {@link io.netty.channel.embedded.EmbeddedChannel} without sockets.
 */
package io.ovsnet.ovsdb.jsonrpc;
