package io.ovsnet.agent.plugin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.attach.KeyedExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's network and IPAM plugin endpoint: HTTP/1.1 on a unix domain socket (Netty, epoll),
 * mode 0600, in Docker's plugin directory ({@code /run/docker/plugins/ovsnet.sock} by default),
 * answering {@link PluginApi}. Requests run on a few worker lanes, one at a time per endpoint or
 * pool, never on the I/O thread. An endpoint's port deleted behind the agent's back is wired again
 * ({@link DeletedPortWatch}), and so are all of them after the bridge was lost
 * ({@link #rewireEndpoints}). Until the agent's startup reconcile is done a request waits up
 * to {@value #READY_WAIT_SECONDS} s, then is refused with 503 and a message to try again.
 * Bodies over {@value #MAX_BODY} bytes are refused with 413.
 */
public final class PluginServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginServer.class);
    static final int MAX_BODY = 1 << 20;
    static final long READY_WAIT_SECONDS = 5;
    private static final int LANES = 4;

    private final Path socket;
    private final PluginApi api;
    private final CompletableFuture<?> ready;
    private final NetworkDriver network;
    private final EndpointWiring wiring;
    private final KeyedExecutor lanes = new KeyedExecutor(LANES, "plugin");
    private DeletedPortWatch watch;
    private final EventLoopGroup group;
    private Channel channel;
    /**
     * Docker's connections, closed before the event loop stops: a keep-alive connection left
     * open without a reader would take Docker's next request and never answer it.
     */
    private final ChannelGroup connections = new DefaultChannelGroup("plugin-connections", GlobalEventExecutor.INSTANCE);

    private PluginServer(Path socket, PluginApi api, CompletableFuture<?> ready, NetworkDriver network,
            EndpointWiring wiring) {
        this.socket = socket;
        this.network = network;
        this.wiring = wiring;
        this.api = api;
        this.ready = ready;
        Epoll.ensureAvailability();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("plugin-io", true),
                EpollIoHandler.newFactory());
    }

    /**
     * Serves the plugin API of this host on {@code socket}, replacing a stale socket file there.
     *
     * @param plumbing the host's attach plumbing (bridge, ports, store, netlink)
     * @param attacher event mode's attacher, whose record of this host's networks endpoints share
     * @param ready completes when the agent's startup reconcile is done
     * @throws UncheckedIOException when the socket cannot be bound
     */
    public static PluginServer start(Path socket, HostPlumbing plumbing, Attacher attacher, CompletableFuture<?> ready) {
        IpamDriver ipam = new IpamDriver(plumbing.ipam(), plumbing.hostName());
        EndpointWiring wiring = new EndpointWiring(plumbing, attacher);
        NetworkDriver network = new NetworkDriver(ipam, plumbing.ipam(), wiring);
        network.learn(plumbing.ports().onBridge());
        PluginServer server = new PluginServer(socket, new PluginApi(network, ipam), ready, network, wiring);
        try {
            server.watch = new DeletedPortWatch(plumbing.bridge(), plumbing.ports(), server::portDeleted);
            server.bind();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind() {
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
            Files.deleteIfExists(socket);
            channel = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new BoundedAggregator(), new Handler());
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString())).sync().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the plugin socket " + socket + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + socket, e);
        }
        log.info("plugin socket serving socket={}", socket);
    }

    public Path socket() {
        return socket;
    }

    /**
     * Puts the ports of Docker's endpoints back after the integration bridge was lost and built
     * again: each endpoint whose veth is still there is wired again on its lane, so in order with
     * Docker's requests for it (a DeleteEndpoint queued first wins and nothing is wired; one that
     * comes later removes the port again). Completes with how many were wired again; fails when
     * one could not be (trying again is safe: a wired endpoint is left as it is).
     */
    public CompletableFuture<Integer> rewireEndpoints() {
        List<CompletableFuture<Boolean>> each = network.endpointIds().stream()
                .map(id -> lanes.submit(id, () -> network.rewire(id))).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> (int) each.stream().filter(CompletableFuture::join).count());
    }

    /**
     * The port of an endpoint went away while the bridge stayed: wired again on the endpoint's
     * lane, unless that was Docker's DeleteEndpoint (then the endpoint is gone and nothing is done).
     */
    private void portDeleted(String endpointId) {
        try {
            lanes.submit(endpointId, () -> network.rewire(endpointId)).whenComplete((rewired, failure) -> {
                if (failure != null) {
                    log.warn("endpoint port deleted from the bridge behind the agent's back, not wired again endpoint={} "
                            + "reason={}", endpointId, failure.toString());
                } else if (rewired) {
                    log.warn("endpoint port deleted from the bridge behind the agent's back, wired again endpoint={}",
                            endpointId);
                }
            });
        } catch (RejectedExecutionException closed) {
            log.debug("plugin closed, deleted endpoint port not wired again endpoint={}", endpointId);
        }
    }

    /** Refuses bodies over {@link #MAX_BODY} with 413 and the driver's error body, then closes the connection. */
    private final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator() {
            super(MAX_BODY);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            String path = oversized instanceof HttpRequest r ? path(r.uri()) : "";
            log.warn("plugin request refused, body too large path={} limit={}", path, MAX_BODY);
            PluginApi.Answer answer = api.failure(path, new PluginException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + MAX_BODY + " bytes"));
            ctx.writeAndFlush(response(answer, false)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = path(request.uri());
            byte[] content = ByteBufUtil.getBytes(request.content());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            var route = api.route(path);
            if (route.isEmpty()) {
                log.debug("plugin request for an unknown path path={}", path);
                reply(ctx, api.failure(path, new PluginException(HttpResponseStatus.NOT_FOUND,
                        "unknown path " + path + ": ovsnet serves Plugin.Activate, NetworkDriver.* and IpamDriver.*")),
                        keepAlive);
                return;
            }
            String key = path;
            Body body;
            try {
                body = api.parse(path, content);
                key = route.get().keyField().flatMap(body::optional).orElse(path);
            } catch (PluginException e) {
                reply(ctx, api.failure(path, e), keepAlive);
                return;
            }
            Body parsed = body;
            lanes.submit(key, () -> serve(path, route.get(), parsed))
                    .whenComplete((answer, failure) -> reply(ctx, failure == null ? answer
                            : api.failure(path, PluginException.failed(failure.toString())), keepAlive));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("plugin connection failed reason={}", cause.toString());
            ctx.close();
        }
    }

    private PluginApi.Answer serve(String path, PluginApi.Route route, Body body) {
        try {
            ready.get(READY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return api.failure(path, PluginException.notReady("the ovsnet agent is still reconciling after its start; "
                    + "try again in a few seconds"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return api.failure(path, PluginException.notReady("the ovsnet agent is stopping"));
        }
        long started = System.nanoTime();
        PluginApi.Answer answer = api.answer(path, route, body);
        log.debug("plugin request served path={} status={} micros={}", path, answer.status().code(),
                (System.nanoTime() - started) / 1000);
        if (answer.status().code() >= 400) {
            log.warn("plugin request failed path={} status={} answer={}", path, answer.status().code(),
                    new String(answer.body(), StandardCharsets.UTF_8));
        }
        return answer;
    }

    private static void reply(ChannelHandlerContext ctx, PluginApi.Answer answer, boolean keepAlive) {
        var future = ctx.writeAndFlush(response(answer, keepAlive));
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(PluginApi.Answer answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, PluginApi.CONTENT_TYPE);
        HttpUtil.setContentLength(response, answer.body().length);
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    private static String path(String uri) {
        return new QueryStringDecoder(uri).path();
    }

    /**
     * Stops accepting, lets requests under way finish, closes Docker's connections (so that its
     * next request dials the next agent's socket), removes the socket file. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
            channel = null;
        }
        if (watch != null) {
            watch.close();
        }
        lanes.close();
        wiring.close();
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("plugin socket not removed socket={} reason={}", socket, e.getMessage());
        }
    }
}
