package org.layerbench.engine.graph;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned JSON form of a {@link ModelGraph}:
 *
 * <pre>{@code
 * {"format": "layerbench.model", "version": 1, "name": "resnet18",
 *  "groups": [{"id": "layer1", "name": "layer1", "kind": "Sequential", "collapsed": false}, ...],
 *  "nodes": [{"id": "conv1", "name": "conv1", "type": "Conv2d",
 *             "params": {"out_channels": 64, "kernel_size": 7}, "x": 0.0, "y": 90.0}, ...],
 *  "edges": [{"from": "input", "to": "conv1", "port": 0}, ...]}
 * }</pre>
 *
 * Parameters are stored as given, so reading and writing a file changes nothing. A newer version or
 * another format is refused with one line; older versions would be migrated in {@link #migrate}
 * (version 1 is the first).
 */
public final class ModelJson {
  public static final String FORMAT = "layerbench.model";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A ResNet-152's file is under 1 MB; anything past this is not a model file. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private ModelJson() {}

  public static ModelGraph read(Path file) throws ModelFormatException, IOException {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ModelFormatException(
            file
                + ": "
                + Files.size(file)
                + " bytes is too large for a model file (at most "
                + MAX_FILE_BYTES
                + ")");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(file + ": no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ModelFormatException(file + ": not a text file (it is not UTF-8)");
    }
    try {
      return parse(text);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }

  public static ModelGraph parse(String json) throws ModelFormatException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonParseException e) {
      var loc = e.getLocation();
      throw new ModelFormatException(
          "not valid JSON at line "
              + loc.getLineNr()
              + ", column "
              + loc.getColumnNr()
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (JsonProcessingException e) {
      throw new ModelFormatException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new ModelFormatException("the file is empty; expected a LayerBench model (JSON)");
    }
    return fromTree(root);
  }

  /** Reads a model from a JSON tree (also used when a model is embedded in a project file). */
  public static ModelGraph fromTree(JsonNode root) throws ModelFormatException {
    if (!root.isObject()) {
      throw new ModelFormatException("expected a JSON object with \"format\": \"" + FORMAT + "\"");
    }
    String format = root.path("format").asText(null);
    if (!FORMAT.equals(format)) {
      throw new ModelFormatException(
          format == null
              ? "not a LayerBench model: it has no \"format\": \"" + FORMAT + "\""
              : "not a LayerBench model: its format is \""
                  + format
                  + "\", expected \""
                  + FORMAT
                  + "\"");
    }
    JsonNode v = root.get("version");
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new ModelFormatException("the model has no integer \"version\"");
    }
    int version = v.intValue();
    if (version > VERSION) {
      throw new ModelFormatException(
          "the model is format version "
              + version
              + ", newer than this LayerBench reads ("
              + VERSION
              + ") — update LayerBench to open it");
    }
    if (version < 1) {
      throw new ModelFormatException("the model has an invalid version " + version);
    }
    return build(migrate(root, version));
  }

  /** Brings an older document up to {@link #VERSION}; there is nothing older than 1 yet. */
  private static JsonNode migrate(JsonNode root, int version) {
    return root;
  }

  private static ModelGraph build(JsonNode root) throws ModelFormatException {
    List<Group> groups = new ArrayList<>();
    for (JsonNode g : array(root, "groups")) {
      object(g, "groups");
      groups.add(
          new Group(
              text(g, "id", "a group"),
              text(g, "name", "group " + g.path("id").asText()),
              g.path("kind").asText("Sequential"),
              g.hasNonNull("parent") ? g.get("parent").asText() : null,
              g.path("collapsed").asBoolean(false)));
    }
    List<Node> nodes = new ArrayList<>();
    for (JsonNode n : array(root, "nodes")) {
      object(n, "nodes");
      String id = text(n, "id", "a node");
      String typeName = text(n, "type", "node '" + id + "'");
      LayerType type =
          LayerType.byName(typeName)
              .orElseThrow(
                  () ->
                      new ModelFormatException(
                          "node '"
                              + id
                              + "' has an unknown layer type \""
                              + typeName
                              + "\" (known: "
                              + knownTypes()
                              + ")"));
      nodes.add(
          new Node(
              id,
              n.hasNonNull("name") ? n.get("name").asText() : id,
              type,
              params(n.path("params"), id),
              n.hasNonNull("group") ? n.get("group").asText() : null,
              n.path("x").asDouble(0),
              n.path("y").asDouble(0)));
    }
    List<Edge> edges = new ArrayList<>();
    for (JsonNode e : array(root, "edges")) {
      object(e, "edges");
      String from = text(e, "from", "an edge");
      String to = text(e, "to", "an edge");
      edges.add(new Edge(from, to, port(e.get("port"), from, to)));
    }
    try {
      return new ModelGraph(root.path("name").asText("model"), nodes, edges, groups);
    } catch (IllegalArgumentException ex) {
      throw new ModelFormatException(ex.getMessage());
    }
  }

  /** Merge nodes have a few inputs; a port number beyond this is a corrupt file. */
  static final int MAX_PORT = 1 << 16;

  private static int port(JsonNode v, String from, String to) throws ModelFormatException {
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber()
        || !v.canConvertToInt()
        || v.intValue() < 0
        || v.intValue() > MAX_PORT) {
      throw new ModelFormatException(
          "the edge "
              + from
              + " → "
              + to
              + " has port "
              + v
              + "; a port is a whole number from 0 to "
              + MAX_PORT);
    }
    return v.intValue();
  }

  private static Params params(JsonNode node, String id) throws ModelFormatException {
    if (node.isMissingNode() || node.isNull()) {
      return Params.EMPTY;
    }
    if (!node.isObject()) {
      throw new ModelFormatException("node '" + id + "' has \"params\" that is not an object");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      var entry = it.next();
      map.put(entry.getKey(), value(entry.getValue(), id, entry.getKey()));
    }
    return new Params(map);
  }

  private static Object value(JsonNode v, String id, String name) throws ModelFormatException {
    if (v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      if (!v.canConvertToInt()) {
        throw new ModelFormatException(
            "node '" + id + "' parameter " + name + " is too large: " + v);
      }
      return v.intValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isArray()) {
      List<Integer> list = new ArrayList<>();
      for (JsonNode e : v) {
        if (!e.isIntegralNumber() || !e.canConvertToInt()) {
          throw new ModelFormatException(
              "node '" + id + "' parameter " + name + " must be a list of whole numbers, got " + v);
        }
        list.add(e.intValue());
      }
      return list;
    }
    throw new ModelFormatException(
        "node '" + id + "' parameter " + name + " has an unsupported value " + v);
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) throws ModelFormatException {
    JsonNode a = root.path(field);
    if (a.isMissingNode() || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new ModelFormatException("\"" + field + "\" must be a list");
    }
    return a;
  }

  private static void object(JsonNode n, String list) throws ModelFormatException {
    if (!n.isObject()) {
      throw new ModelFormatException(
          "\""
              + list
              + "\" must be a list of objects, but holds "
              + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static String text(JsonNode n, String field, String what) throws ModelFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw new ModelFormatException(what + " has no \"" + field + "\" (a non-empty string)");
    }
    return v.textValue();
  }

  private static String knownTypes() {
    return String.join(
        ", ", java.util.Arrays.stream(LayerType.values()).map(LayerType::typeName).toList());
  }

  // ---- writing ----

  public static String toJson(ModelGraph graph) {
    try {
      return MAPPER.writeValueAsString(toTree(graph)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode toTree(ModelGraph graph) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("name", graph.name());
    ArrayNode groups = root.putArray("groups");
    for (Group g : graph.groups()) {
      ObjectNode o = groups.addObject();
      o.put("id", g.id());
      o.put("name", g.name());
      o.put("kind", g.kind());
      if (g.parent() != null) {
        o.put("parent", g.parent());
      }
      o.put("collapsed", g.collapsed());
    }
    ArrayNode nodes = root.putArray("nodes");
    for (Node n : graph.nodes()) {
      ObjectNode o = nodes.addObject();
      o.put("id", n.id());
      o.put("name", n.name());
      o.put("type", n.type().typeName());
      ObjectNode params = o.putObject("params");
      n.params().values().forEach((k, v) -> putValue(params, k, v));
      if (n.group() != null) {
        o.put("group", n.group());
      }
      o.put("x", n.x());
      o.put("y", n.y());
    }
    ArrayNode edges = root.putArray("edges");
    for (Edge e : graph.edges()) {
      ObjectNode o = edges.addObject();
      o.put("from", e.from());
      o.put("to", e.to());
      o.put("port", e.port());
    }
    return root;
  }

  private static void putValue(ObjectNode o, String k, Object v) {
    switch (v) {
      case null -> o.putNull(k);
      case Integer i -> o.put(k, i);
      case Double d -> o.put(k, d);
      case Boolean b -> o.put(k, b);
      case String s -> o.put(k, s);
      case List<?> list -> {
        ArrayNode a = o.putArray(k);
        list.forEach(x -> a.add((Integer) x));
      }
      default -> throw new IllegalArgumentException("unsupported parameter value " + v);
    }
  }
}
