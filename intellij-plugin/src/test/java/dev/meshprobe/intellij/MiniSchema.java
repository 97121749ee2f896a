package dev.meshprobe.intellij;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema (draft-07) validator for the keywords settings.schema.json uses, and only those: the
 * schema is first checked to use nothing else, so a keyword this class would silently ignore cannot
 * slip in. No schema library is among the project's dependencies, and LSP4IJ's own validation runs
 * only inside the IDE.
 */
final class MiniSchema {
  static final Set<String> KEYWORDS = Set.of("$schema", "$id", "title", "description", "default", "type", "properties",
      "additionalProperties", "enum", "items", "pattern", "minimum", "definitions", "$ref");

  private final JsonObject root;

  MiniSchema(JsonObject root) {
    this.root = root;
  }

  /** Keywords of the schema (at any depth) that this validator does not implement. */
  List<String> unsupportedKeywords() {
    List<String> out = new ArrayList<>();
    walk(root, "#", out);
    return out;
  }

  private void walk(JsonObject schema, String at, List<String> out) {
    for (Map.Entry<String, JsonElement> e : schema.entrySet()) {
      String k = e.getKey();
      if (!KEYWORDS.contains(k)) {
        out.add(at + "/" + k);
      }
      if ((k.equals("properties") || k.equals("definitions")) && e.getValue().isJsonObject()) {
        for (Map.Entry<String, JsonElement> p : e.getValue().getAsJsonObject().entrySet()) {
          walk(p.getValue().getAsJsonObject(), at + "/" + k + "/" + p.getKey(), out);
        }
      } else if ((k.equals("additionalProperties") || k.equals("items")) && e.getValue().isJsonObject()) {
        walk(e.getValue().getAsJsonObject(), at + "/" + k, out);
      }
    }
  }

  /** Problems of {@code value} against the schema; empty when it is valid. */
  List<String> validate(JsonElement value) {
    List<String> out = new ArrayList<>();
    check(root, value, "$", out);
    return out;
  }

  private void check(JsonObject schema, JsonElement v, String at, List<String> out) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").getAsString();
      if (!ref.startsWith("#/definitions/")) {
        out.add(at + ": unsupported $ref " + ref);
        return;
      }
      schema = root.getAsJsonObject("definitions").getAsJsonObject(ref.substring("#/definitions/".length()));
    }
    if (schema.has("type") && !typeMatches(schema.get("type"), v)) {
      out.add(at + ": expected " + schema.get("type") + ", found " + v);
      return;
    }
    if (schema.has("enum") && !contains(schema.getAsJsonArray("enum"), v)) {
      out.add(at + ": " + v + " is not one of " + schema.get("enum"));
    }
    if (schema.has("pattern") && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
        && !java.util.regex.Pattern.compile(schema.get("pattern").getAsString()).matcher(v.getAsString()).find()) {
      out.add(at + ": " + v + " does not match " + schema.get("pattern"));
    }
    if (schema.has("minimum") && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()
        && v.getAsDouble() < schema.get("minimum").getAsDouble()) {
      out.add(at + ": " + v + " is below " + schema.get("minimum"));
    }
    if (v.isJsonObject()) {
      JsonObject props = schema.has("properties") ? schema.getAsJsonObject("properties") : new JsonObject();
      for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
        String path = at + "." + e.getKey();
        if (props.has(e.getKey())) {
          check(props.getAsJsonObject(e.getKey()), e.getValue(), path, out);
        } else if (schema.has("additionalProperties")) {
          JsonElement extra = schema.get("additionalProperties");
          if (extra.isJsonPrimitive() && !extra.getAsBoolean()) {
            out.add(path + ": not allowed");
          } else if (extra.isJsonObject()) {
            check(extra.getAsJsonObject(), e.getValue(), path, out);
          }
        }
      }
    }
    if (v.isJsonArray() && schema.has("items")) {
      JsonArray a = v.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        check(schema.getAsJsonObject("items"), a.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private static boolean typeMatches(JsonElement type, JsonElement v) {
    if (type.isJsonArray()) {
      for (JsonElement t : type.getAsJsonArray()) {
        if (typeMatches(t, v)) {
          return true;
        }
      }
      return false;
    }
    String t = type.getAsString();
    return switch (t) {
      case "object" -> v.isJsonObject();
      case "array" -> v.isJsonArray();
      case "null" -> v.isJsonNull();
      case "string" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
      case "boolean" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean();
      case "number" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
      case "integer" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()
          && v.getAsBigDecimal().stripTrailingZeros().scale() <= 0;
      default -> throw new AssertionError("unknown JSON Schema type " + t);
    };
  }

  private static boolean contains(JsonArray values, JsonElement v) {
    for (JsonElement e : values) {
      if (e.equals(v) || (e instanceof JsonPrimitive p && v instanceof JsonPrimitive q && p.isNumber() && q.isNumber()
          && p.getAsBigDecimal().compareTo(q.getAsBigDecimal()) == 0)) {
        return true;
      }
    }
    return false;
  }
}
