package io.ovsnet.ovsdb.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each framed JSON text (one {@link ByteBuf} from {@code JsonObjectDecoder}) into a
 * {@link JsonNode}, and each outgoing {@link JsonNode} into UTF-8 bytes. Logs the wire traffic at
 * TRACE.
 *
 * <p>Trees are read and written with Jackson's streaming API alone: an {@code ObjectMapper}
 * would cost a short-lived command about 150 ms of CPU to set up and adds nothing for plain
 * trees. Field names are not canonicalised: OVSDB uses row UUIDs as object keys, so a shared
 * symbol table would fill with names never seen again and be copied for every message (about
 * 100 us per monitor update instead of 4).
 */
final class JsonMessageCodec extends CombinedChannelDuplexHandler<JsonMessageCodec.Decoder, JsonMessageCodec.Encoder> {
    private static final Logger WIRE = LoggerFactory.getLogger("io.ovsnet.ovsdb.jsonrpc.wire");

    JsonMessageCodec() {
        this(JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build());
    }

    private JsonMessageCodec(JsonFactory factory) {
        super(new Decoder(factory), new Encoder(factory));
    }

    static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
        private final JsonFactory factory;

        Decoder(JsonFactory factory) {
            super(ByteBuf.class);
            this.factory = factory;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
            // From a String: without canonicalisation Jackson reads an InputStream through an
            // InputStreamReader made for every message.
            String text = frame.toString(StandardCharsets.UTF_8);
            WIRE.trace("jsonrpc received channel={} message={}", ctx.channel().id(), text);
            try (JsonParser parser = factory.createParser(text)) {
                JsonNode message = read(parser, parser.nextToken());
                if (parser.nextToken() != null) {
                    throw new JsonParseException(parser, "more than one JSON value in a message");
                }
                out.add(message);
            }
        }

        private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
            if (token == null) {
                throw new JsonParseException(parser, "no JSON value in a message");
            }
            switch (token) {
                case START_OBJECT: {
                    ObjectNode object = NODES.objectNode();
                    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                        object.set(name, read(parser, parser.nextToken()));
                    }
                    return object;
                }
                case START_ARRAY: {
                    ArrayNode array = NODES.arrayNode();
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                        array.add(read(parser, t));
                    }
                    return array;
                }
                case VALUE_STRING:
                    return NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT:
                    return switch (parser.getNumberType()) {
                        case INT -> NODES.numberNode(parser.getIntValue());
                        case LONG -> NODES.numberNode(parser.getLongValue());
                        default -> NODES.numberNode(parser.getBigIntegerValue());
                    };
                case VALUE_NUMBER_FLOAT:
                    return NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE:
                    return NODES.booleanNode(true);
                case VALUE_FALSE:
                    return NODES.booleanNode(false);
                case VALUE_NULL:
                    return NODES.nullNode();
                default:
                    throw new JsonParseException(parser, "unexpected JSON token " + token);
            }
        }
    }

    static final class Encoder extends MessageToByteEncoder<JsonNode> {
        private final JsonFactory factory;

        Encoder(JsonFactory factory) {
            super(JsonNode.class);
            this.factory = factory;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, JsonNode message, ByteBuf out) throws Exception {
            try (OutputStream stream = new ByteBufOutputStream(out);
                    JsonGenerator generator = factory.createGenerator(stream)) {
                write(generator, message);
            }
            if (WIRE.isTraceEnabled()) {
                WIRE.trace("jsonrpc sent channel={} message={}", ctx.channel().id(), out.toString(StandardCharsets.UTF_8));
            }
        }

        private static void write(JsonGenerator generator, JsonNode node) throws IOException {
            switch (node.getNodeType()) {
                case OBJECT -> {
                    generator.writeStartObject();
                    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        generator.writeFieldName(field.getKey());
                        write(generator, field.getValue());
                    }
                    generator.writeEndObject();
                }
                case ARRAY -> {
                    generator.writeStartArray();
                    for (JsonNode element : node) {
                        write(generator, element);
                    }
                    generator.writeEndArray();
                }
                case STRING -> generator.writeString(node.textValue());
                case NUMBER -> {
                    if (node.isIntegralNumber() && node.canConvertToLong()) {
                        generator.writeNumber(node.longValue());
                    } else if (node.isIntegralNumber()) {
                        generator.writeNumber(node.bigIntegerValue());
                    } else if (node.isBigDecimal()) {
                        generator.writeNumber(node.decimalValue());
                    } else {
                        generator.writeNumber(node.doubleValue());
                    }
                }
                case BOOLEAN -> generator.writeBoolean(node.booleanValue());
                case NULL -> generator.writeNull();
                default -> throw new IllegalArgumentException("cannot send a " + node.getNodeType() + " JSON node");
            }
        }
    }
}
