package dev.sluice.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * A JSON document as PostgreSQL's jsonb prints it ({@code col::text}), so that verification can compare
 * MariaDB's JSON text with what jsonb kept: the last of duplicate keys, keys ordered by byte length and
 * then bytes, {@code ", "} and {@code ": "} as separators, numbers as numeric prints them (no exponent,
 * the scale written), strings escaped as jsonb does (a control character as a backslash, u and four
 * lower-case hex digits; everything else as it is).
 */
public final class JsonbText {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** jsonb compares keys by length first, then byte by byte. */
    private static final Comparator<byte[]> KEY_ORDER = Comparator.<byte[]>comparingInt(k -> k.length).thenComparing(Arrays::compareUnsigned);

    private JsonbText() {
    }

    /** @throws IllegalArgumentException when the text is not JSON */
    public static String of(String json) {
        try {
            StringBuilder out = new StringBuilder(json.length() + 16);
            write(MAPPER.readTree(json), out);
            return out.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void write(JsonNode n, StringBuilder out) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>();
                for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                    keys.add(it.next());
                }
                keys.sort(Comparator.comparing(k -> k.getBytes(StandardCharsets.UTF_8), KEY_ORDER));
                out.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    string(keys.get(i), out);
                    out.append(": ");
                    write(n.get(keys.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(n.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(n.textValue(), out);
            case NUMBER -> out.append(n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.decimalValue().toPlainString());
            case BOOLEAN -> out.append(n.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        }
    }

    /** As PostgreSQL's escape_json. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
