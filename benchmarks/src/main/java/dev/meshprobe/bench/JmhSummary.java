package dev.meshprobe.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A JMH JSON result as a Markdown table of the median and the minimum of the measurement iterations:
 * on a shared, noisy machine those say more than JMH's mean ± error.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.JmhSummary build/bench/jmh.json
 * </pre>
 */
public final class JmhSummary {
  private JmhSummary() {}

  public static void main(String[] args) throws IOException {
    JsonArray results = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonArray();
    System.out.println("| benchmark | median | min | JMH score ± error | unit |");
    System.out.println("|---|---:|---:|---:|---|");
    for (JsonElement e : results) {
      JsonObject b = e.getAsJsonObject();
      JsonObject m = b.getAsJsonObject("primaryMetric");
      List<Double> raw = new ArrayList<>();
      for (JsonElement fork : m.getAsJsonArray("rawData")) {
        for (JsonElement x : fork.getAsJsonArray()) {
          raw.add(x.getAsDouble());
        }
      }
      Collections.sort(raw);
      double median = raw.size() % 2 == 1 ? raw.get(raw.size() / 2) : (raw.get(raw.size() / 2 - 1) + raw.get(raw.size() / 2)) / 2;
      String name = b.get("benchmark").getAsString().replace("dev.meshprobe.bench.jmh.", "");
      double err = m.get("scoreError").isJsonPrimitive() && !m.get("scoreError").getAsString().equals("NaN") ? m.get("scoreError").getAsDouble() : Double.NaN;
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s ± %s | %s |%n", name, fmt(median), fmt(raw.get(0)), fmt(m.get("score").getAsDouble()), fmt(err), m.get("scoreUnit").getAsString());
    }
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
