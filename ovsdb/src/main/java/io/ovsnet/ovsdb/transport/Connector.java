package io.ovsnet.ovsdb.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ovsnet.ovsdb.jsonrpc.ConnectionClosedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens channels to {@link Remote}s: unix domain sockets, TCP, and TLS with the
 * {@link TlsSettings} given at construction. Owns its event loop (one thread) until
 * {@link #close()}.
 *
 * <p>It uses Netty's NIO transport, also for unix domain sockets (JDK 16+): a client has a
 * connection or two, where epoll gains nothing, and NIO needs no native library (which Netty
 * would unpack and load at every start of a short-lived command).
 */
public final class Connector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final EventLoopGroup group;
    private final Duration connectTimeout;
    private final Optional<SslContext> sslContext;

    /**
     * @param connectTimeout how long a connection attempt may take (including the TLS handshake)
     * @param tls the PEM files for {@code ssl:} remotes, if any are used
     * @throws IllegalStateException if the TLS files cannot be read
     */
    public Connector(Duration connectTimeout, Optional<TlsSettings> tls) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.connectTimeout = connectTimeout;
        this.sslContext = tls.map(Connector::sslContext);
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ovsdb-io", true), NioIoHandler.newFactory());
    }

    private static SslContext sslContext(TlsSettings tls) {
        try {
            return SslContextBuilder.forClient()
                    .keyManager(tls.certificate().toFile(), tls.privateKey().toFile())
                    .trustManager(tls.caCertificate().toFile())
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS files (key " + tls.privateKey() + ", certificate "
                    + tls.certificate() + ", CA " + tls.caCertificate() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the remote. {@code pipeline} runs when the channel is registered, before any
     * byte is read, and installs the protocol handlers (after the TLS handler for {@code ssl:}).
     * The future completes once the connection (and the TLS handshake) is up, or fails with a
     * {@link ConnectionClosedException} naming the remote.
     */
    public CompletableFuture<Channel> connect(Remote remote, Consumer<Channel> pipeline) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        if (remote instanceof Remote.Ssl && sslContext.isEmpty()) {
            result.completeExceptionally(new IllegalArgumentException(
                    "remote " + remote + " needs TLS settings (private key, certificate, CA certificate)"));
            return result;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(remote instanceof Remote.Unix ? NioDomainSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (remote instanceof Remote.Ssl ssl) {
                            SslHandler handler = sslContext.get().newHandler(channel.alloc(), ssl.host(), ssl.port());
                            handler.setHandshakeTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
                            channel.pipeline().addLast("tls", handler);
                        }
                        pipeline.accept(channel);
                    }
                });
        if (!(remote instanceof Remote.Unix)) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        bootstrap.connect(remote.socketAddress()).addListener(connect -> {
            if (!connect.isSuccess()) {
                result.completeExceptionally(new ConnectionClosedException(
                        "cannot connect to " + remote + ": " + describe(connect.cause()), connect.cause()));
                return;
            }
            Channel channel = ((ChannelFuture) connect).channel();
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                LOG.debug("transport connected remote={}", remote);
                result.complete(channel);
                return;
            }
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    LOG.debug("transport connected remote={} tls=true", remote);
                    result.complete(channel);
                } else {
                    channel.close();
                    result.completeExceptionally(new ConnectionClosedException(
                            "TLS handshake with " + remote + " failed: " + describe(handshake.cause()), handshake.cause()));
                }
            });
        });
        return result;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * The event loop as an executor: tasks run one at a time, in submission order, on the thread
     * that also does this connector's I/O. Rejects tasks once {@link #close()} has run.
     */
    public Executor executor() {
        return group.next();
    }

    /** Runs a task on the event loop after a delay; for reconnect backoff. */
    public void schedule(Runnable task, Duration delay) {
        group.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes every channel of this connector and stops its event loop. Idempotent. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
