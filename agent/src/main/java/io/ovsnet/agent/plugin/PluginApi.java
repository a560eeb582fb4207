package io.ovsnet.agent.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The paths of Docker's plugin protocol and how each is answered: {@code Plugin.Activate}, the
 * network driver's {@code NetworkDriver.*} and the IPAM driver's {@code IpamDriver.*}. Pure request
 * to answer; the HTTP server is {@link PluginServer}. Failures answer {@code {"Err": "..."}} on
 * the network driver's paths and {@code {"Error": "..."}} on the IPAM driver's, with 400 for a
 * malformed request, 404 for an unknown path, 503 while the agent is starting and 500 otherwise.
 */
final class PluginApi {
    static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1+json";
    static final String IPAM_PREFIX = "/IpamDriver.";

    /** How one path is served: the handler and the body field that keys its lane (one writer per key). */
    record Route(Function<Body, Object> handler, Optional<String> keyField) {}

    /** An answer: status and JSON body. */
    record Answer(HttpResponseStatus status, byte[] body) {}

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Route> routes;

    PluginApi(NetworkDriver network, IpamDriver ipam) {
        Optional<String> endpoint = Optional.of("EndpointID");
        Optional<String> networkId = Optional.of("NetworkID");
        Optional<String> pool = Optional.of("PoolID");
        routes = Map.ofEntries(
                Map.entry("/Plugin.Activate", new Route(
                        b -> Map.of("Implements", List.of("NetworkDriver", "IpamDriver")), Optional.empty())),
                Map.entry("/NetworkDriver.GetCapabilities", new Route(network::capabilities, Optional.empty())),
                Map.entry("/NetworkDriver.CreateNetwork", new Route(network::createNetwork, networkId)),
                Map.entry("/NetworkDriver.DeleteNetwork", new Route(network::deleteNetwork, networkId)),
                Map.entry("/NetworkDriver.CreateEndpoint", new Route(network::createEndpoint, endpoint)),
                Map.entry("/NetworkDriver.EndpointOperInfo", new Route(network::endpointInfo, endpoint)),
                Map.entry("/NetworkDriver.DeleteEndpoint", new Route(network::deleteEndpoint, endpoint)),
                Map.entry("/NetworkDriver.Join", new Route(network::join, endpoint)),
                Map.entry("/NetworkDriver.Leave", new Route(network::leave, endpoint)),
                Map.entry("/NetworkDriver.ProgramExternalConnectivity", new Route(network::nothing, endpoint)),
                Map.entry("/NetworkDriver.RevokeExternalConnectivity", new Route(network::nothing, endpoint)),
                Map.entry("/NetworkDriver.DiscoverNew", new Route(network::nothing, Optional.empty())),
                Map.entry("/NetworkDriver.DiscoverDelete", new Route(network::nothing, Optional.empty())),
                Map.entry("/IpamDriver.GetCapabilities", new Route(ipam::capabilities, Optional.empty())),
                Map.entry("/IpamDriver.GetDefaultAddressSpaces", new Route(ipam::defaultAddressSpaces, Optional.empty())),
                Map.entry("/IpamDriver.RequestPool", new Route(ipam::requestPool, Optional.empty())),
                Map.entry("/IpamDriver.ReleasePool", new Route(ipam::releasePool, pool)),
                Map.entry("/IpamDriver.RequestAddress", new Route(ipam::requestAddress, pool)),
                Map.entry("/IpamDriver.ReleaseAddress", new Route(ipam::releaseAddress, pool)));
    }

    Optional<Route> route(String path) {
        return Optional.ofNullable(routes.get(path));
    }

    /** Parses {@code content} as the body of {@code path}; an empty body or {@code null} is an empty object. */
    Body parse(String path, byte[] content) {
        if (content.length == 0) {
            return new Body(path, json.createObjectNode());
        }
        JsonNode node;
        try {
            node = json.readTree(content);
        } catch (IOException e) {
            throw PluginException.badRequest("malformed JSON body: " + firstLine(e.getMessage()));
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new Body(path, json.createObjectNode());
        }
        if (!node.isObject()) {
            throw PluginException.badRequest("the body must be a JSON object");
        }
        return new Body(path, node);
    }

    /** Runs the route on the body and turns the result or failure into an answer. Blocks. */
    Answer answer(String path, Route route, Body body) {
        try {
            return new Answer(HttpResponseStatus.OK, json.writeValueAsBytes(route.handler().apply(body)));
        } catch (PluginException e) {
            return failure(path, e);
        } catch (RuntimeException e) {
            return failure(path, PluginException.failed(e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (JsonProcessingException e) {
            return failure(path, PluginException.failed("answer not encodable: " + e.getMessage()));
        }
    }

    /** The error answer of {@code path}'s driver. */
    Answer failure(String path, PluginException e) {
        String field = path.startsWith(IPAM_PREFIX) ? "Error" : "Err";
        try {
            return new Answer(e.status(), json.writeValueAsBytes(Map.of(field, String.valueOf(e.getMessage()))));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
