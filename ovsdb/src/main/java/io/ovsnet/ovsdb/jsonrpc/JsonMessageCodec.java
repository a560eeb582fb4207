package io.ovsnet.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each framed JSON text (one {@link ByteBuf} from {@code JsonObjectDecoder}) into a
 * {@link JsonNode}, and each outgoing {@link JsonNode} into UTF-8 bytes. Logs the wire traffic at
 * TRACE.
 */
final class JsonMessageCodec extends CombinedChannelDuplexHandler<JsonMessageCodec.Decoder, JsonMessageCodec.Encoder> {
    private static final Logger WIRE = LoggerFactory.getLogger("io.ovsnet.ovsdb.jsonrpc.wire");

    JsonMessageCodec(ObjectMapper mapper) {
        super(new Decoder(mapper), new Encoder(mapper));
    }

    static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        private final ObjectMapper mapper;

        Decoder(ObjectMapper mapper) {
            super(ByteBuf.class);
            this.mapper = mapper;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
            if (WIRE.isTraceEnabled()) {
                WIRE.trace("jsonrpc received channel={} message={}", ctx.channel().id(),
                        frame.toString(StandardCharsets.UTF_8));
            }
            try (InputStream in = new ByteBufInputStream(frame)) {
                out.add(mapper.readTree(in));
            }
        }
    }

    static final class Encoder extends MessageToByteEncoder<JsonNode> {
        private final ObjectMapper mapper;

        Encoder(ObjectMapper mapper) {
            super(JsonNode.class);
            this.mapper = mapper;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, JsonNode message, ByteBuf out) throws Exception {
            try (OutputStream stream = new ByteBufOutputStream(out)) {
                mapper.writeValue(stream, message);
            }
            if (WIRE.isTraceEnabled()) {
                WIRE.trace("jsonrpc sent channel={} message={}", ctx.channel().id(), message);
            }
        }
    }
}
