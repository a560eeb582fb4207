package io.ovsnet.agent.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal HTTP/1.1 client for the plugin socket, as Docker uses it: one POST per connection. */
final class PluginClient {
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    /** A response: status code, body, content type. */
    record Response(int status, String body, String headers) {}

    private final Path socket;

    PluginClient(Path socket) {
        this.socket = socket;
    }

    Response post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    Response post(String path, byte[] body) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String head = "POST " + path + " HTTP/1.1\r\nHost: plugin\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            write(channel, head.getBytes(StandardCharsets.US_ASCII));
            try {
                write(channel, body);
            } catch (IOException refusedEarly) {
                // A server refusing a huge body may close before reading all of it; its answer is still there.
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) > 0) {
                received.write(buffer.array(), 0, buffer.position());
                buffer.clear();
                if (complete(received.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
            String text = received.toString(StandardCharsets.UTF_8);
            Matcher status = STATUS.matcher(text);
            if (!status.find()) {
                throw new IllegalStateException("not an HTTP response: " + text);
            }
            int split = text.indexOf("\r\n\r\n");
            return new Response(Integer.parseInt(status.group(1)), text.substring(split + 4), text.substring(0, split));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " to " + socket + " failed", e);
        }
    }

    private static boolean complete(String text) {
        int split = text.indexOf("\r\n\r\n");
        Matcher length = LENGTH.matcher(text);
        return split >= 0 && length.find()
                && text.substring(split + 4).getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length.group(1));
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
