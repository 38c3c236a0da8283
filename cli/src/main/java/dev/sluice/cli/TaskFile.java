package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.model.InvalidTaskSpecException;
import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a YAML task file into a {@link TaskSpec}. The file mirrors the proto message (lowerCamelCase
 * keys), so the proto descriptor is the schema: unknown keys and wrong types are reported with
 * their path, e.g. {@code source.port: expected a whole number, got "abc"}.
 */
public final class TaskFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TaskFile() {
    }

    public static TaskSpec load(Path file, Function<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidTaskSpecException(List.of("task file " + file + ": cannot read it (" + e.getMessage() + ")"));
        }
        return parse(text, env);
    }

    public static TaskSpec parse(String yaml, Function<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidTaskSpecException(List.of("task file: not valid YAML (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTaskSpecException(List.of("task file: expected a mapping of keys (name, source, destination, objects, ...)"));
        }
        List<String> problems = new ArrayList<>();
        JsonNode normalized = normalize(root, TaskSpec.getDescriptor(), "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidTaskSpecException(problems);
        }
        TaskSpec.Builder b = TaskSpec.newBuilder();
        try {
            JsonFormat.parser().merge(normalized.toString(), b);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidTaskSpecException(List.of("task file: " + e.getMessage()));
        }
        resolvePasswordEnv(b, env, problems);
        if (!problems.isEmpty()) {
            throw new InvalidTaskSpecException(problems);
        }
        TaskSpec spec = b.build();
        TaskSpecRules.requireValid(spec);
        return spec;
    }

    /** passwordEnv is read here, from the environment of whoever runs the CLI. */
    private static void resolvePasswordEnv(TaskSpec.Builder b, Function<String, String> env, List<String> problems) {
        if (b.hasSource()) {
            b.setSource(resolve("source", b.getSource(), env, problems));
        }
        if (b.hasDestination()) {
            b.setDestination(resolve("destination", b.getDestination(), env, problems));
        }
    }

    private static Endpoint resolve(String field, Endpoint e, Function<String, String> env, List<String> problems) {
        if (e.getPasswordEnv().isBlank() || !e.getPassword().isEmpty()) {
            return e;
        }
        String v = env.apply(e.getPasswordEnv());
        if (v == null) {
            problems.add(field + ".passwordEnv: environment variable " + e.getPasswordEnv() + " is not set (export it, or give password)");
            return e;
        }
        return e.toBuilder().setPassword(v).clearPasswordEnv().build();
    }

    private static JsonNode normalize(JsonNode node, Descriptor type, String path, List<String> problems) {
        if (!node.isObject()) {
            problems.add(label(path) + ": expected a mapping with keys " + keys(type) + ", got " + describe(node));
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            FieldDescriptor f = type.getFields().stream().filter(x -> x.getJsonName().equals(e.getKey())).findFirst().orElse(null);
            if (f == null) {
                problems.add(at + ": unknown key (known keys here: " + keys(type) + ")");
                continue;
            }
            if (e.getValue().isNull()) {
                continue;
            }
            out.set(e.getKey(), field(e.getValue(), f, at, problems));
        }
        return out;
    }

    private static JsonNode field(JsonNode v, FieldDescriptor f, String at, List<String> problems) {
        if (f.isMapField()) {
            if (!v.isObject()) {
                problems.add(at + ": expected a mapping of names, got " + describe(v));
                return v;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            FieldDescriptor valueField = f.getMessageType().findFieldByName("value");
            v.fields().forEachRemaining(e -> {
                String entryAt = at + "." + e.getKey();
                if (valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    // etl.set: "expr" is short for {expr: "expr"}
                    JsonNode entry = e.getValue().isTextual()
                            ? JsonNodeFactory.instance.objectNode().put("expr", e.getValue().asText()) : e.getValue();
                    out.set(e.getKey(), normalize(entry, valueField.getMessageType(), entryAt, problems));
                } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    problems.add(entryAt + ": expected a name, got " + describe(e.getValue()));
                } else {
                    out.put(e.getKey(), e.getValue().asText());
                }
            });
            return out;
        }
        if (f.isRepeated()) {
            if (!v.isArray()) {
                problems.add(at + ": expected a list, got " + describe(v));
                return v;
            }
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < v.size(); i++) {
                out.add(single(v.get(i), f, at + "[" + i + "]", problems));
            }
            return out;
        }
        return single(v, f, at, problems);
    }

    private static JsonNode single(JsonNode v, FieldDescriptor f, String at, List<String> problems) {
        switch (f.getJavaType()) {
            case MESSAGE:
                return normalize(v, f.getMessageType(), at, problems);
            case INT:
            case LONG:
                if (!v.isIntegralNumber()) {
                    problems.add(at + ": expected a whole number, got " + describe(v));
                } else if (f.getJavaType() == FieldDescriptor.JavaType.INT && !v.canConvertToInt()) {
                    problems.add(at + ": " + v.asText() + " is too large");
                }
                return v;
            case BOOLEAN:
                if (!v.isBoolean()) {
                    problems.add(at + ": expected true or false, got " + describe(v));
                }
                return v;
            case STRING:
                if (!v.isValueNode()) {
                    problems.add(at + ": expected a text value, got " + describe(v));
                    return v;
                }
                return JsonNodeFactory.instance.textNode(v.asText());
            default:
                problems.add(at + ": unsupported field type " + f.getJavaType());
                return v;
        }
    }

    private static String keys(Descriptor type) {
        return type.getFields().stream().map(FieldDescriptor::getJsonName).collect(Collectors.joining(", "));
    }

    private static String label(String path) {
        return path.isEmpty() ? "task file" : path;
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return v.toString();
    }
}
