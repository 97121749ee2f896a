package dev.meshprobe.lsp;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * A diagnostic the server made, which keeps its own JSON once written. Diagnostics of findings that did
 * not move are the same objects from one publication to the next ({@link Convert#diagnostics}), so a
 * publication after an edit serialises only the few that changed and copies the rest. A diagnostic
 * whose finding only moved (an Enter above it moves every diagnostic below) takes over the escaped text
 * of its message, code, link and related information from the one it replaces, and writes only its
 * numbers anew. The server never changes a diagnostic after making it.
 */
final class PublishedDiagnostic extends Diagnostic {
  /** The JSON of this diagnostic as last written, or null; not itself serialised (transient). */
  private transient volatile String json;
  /** The escaped strings of its members, shared with the diagnostics its finding gives after it moves. */
  private transient volatile Strings strings;

  PublishedDiagnostic(Range range, String message, DiagnosticSeverity severity, String source, String code) {
    super(range, message, severity, source, code);
  }

  /**
   * The diagnostic of the same finding, moved: takes over {@code previous}'s escaped strings, which are
   * checked against its own members before they are used.
   */
  PublishedDiagnostic(Range range, String message, DiagnosticSeverity severity, String source, String code, PublishedDiagnostic previous) {
    this(range, message, severity, source, code);
    this.strings = previous.strings;
  }

  /**
   * The JSON string literals of a diagnostic's text members, as the writer's settings escape them, and
   * the values they were made from.
   */
  private record Strings(boolean htmlSafe, String code, String source, String message, String href, List<String> uris,
      List<String> relatedMessages, String codeJson, String sourceJson, String messageJson, String hrefJson, List<String> urisJson,
      List<String> relatedMessagesJson) {

    boolean fits(PublishedDiagnostic d, boolean html) {
      if (html != htmlSafe || !Objects.equals(code, d.codeText()) || !Objects.equals(source, d.getSource())
          || !Objects.equals(message, d.getMessage()) || !Objects.equals(href, d.href())) {
        return false;
      }
      List<DiagnosticRelatedInformation> related = d.related();
      if (related.size() != uris.size()) {
        return false;
      }
      for (int i = 0; i < related.size(); i++) {
        if (!uris.get(i).equals(related.get(i).getLocation().getUri()) || !relatedMessages.get(i).equals(related.get(i).getMessage())) {
          return false;
        }
      }
      return true;
    }

    static Strings of(PublishedDiagnostic d, boolean html) throws IOException {
      List<DiagnosticRelatedInformation> related = d.related();
      List<String> uris = related.stream().map(r -> r.getLocation().getUri()).toList();
      List<String> messages = related.stream().map(DiagnosticRelatedInformation::getMessage).toList();
      List<String> urisJson = new java.util.ArrayList<>(uris.size());
      List<String> messagesJson = new java.util.ArrayList<>(messages.size());
      for (int i = 0; i < uris.size(); i++) {
        urisJson.add(literal(uris.get(i), html));
        messagesJson.add(literal(messages.get(i), html));
      }
      return new Strings(html, d.codeText(), d.getSource(), d.getMessage(), d.href(), uris, messages, literal(d.codeText(), html),
          literal(d.getSource(), html), literal(d.getMessage(), html), d.href() == null ? null : literal(d.href(), html),
          List.copyOf(urisJson), List.copyOf(messagesJson));
    }

    private static String literal(String s, boolean html) throws IOException {
      StringWriter text = new StringWriter(s.length() + 8);
      JsonWriter w = new JsonWriter(text);
      w.setHtmlSafe(html);
      w.setLenient(true);
      w.value(s);
      w.flush();
      return text.toString();
    }
  }

  private String codeText() {
    return getCode() == null || !getCode().isLeft() ? null : getCode().getLeft();
  }

  private String href() {
    return getCodeDescription() == null ? null : getCodeDescription().getHref();
  }

  private List<DiagnosticRelatedInformation> related() {
    return getRelatedInformation() == null ? List.of() : getRelatedInformation();
  }

  /**
   * True when this diagnostic has only what the server puts in one (then {@link #write} gives what Gson
   * would): a range, a severity, a string code, a source, a message, maybe a link and related information.
   */
  private boolean plain() {
    if (getRange() == null || getSeverity() == null || codeText() == null || getSource() == null || getMessage() == null
        || getTags() != null || getData() != null || (getCodeDescription() != null && href() == null)) {
      return false;
    }
    for (DiagnosticRelatedInformation r : related()) {
      if (r.getLocation() == null || r.getLocation().getUri() == null || r.getLocation().getRange() == null || r.getMessage() == null) {
        return false;
      }
    }
    return true;
  }

  /** This diagnostic's JSON, members in the order Gson writes a {@link Diagnostic}'s fields. */
  private String write(boolean html) throws IOException {
    Strings s = strings;
    if (s == null || !s.fits(this, html)) {
      s = Strings.of(this, html);
      strings = s;
    }
    StringBuilder b = new StringBuilder(s.messageJson.length() + 160 * (1 + s.uris.size()));
    b.append("{\"range\":");
    range(b, getRange());
    b.append(",\"severity\":").append(getSeverity().getValue()).append(",\"code\":").append(s.codeJson);
    if (s.hrefJson != null) {
      b.append(",\"codeDescription\":{\"href\":").append(s.hrefJson).append('}');
    }
    b.append(",\"source\":").append(s.sourceJson).append(",\"message\":").append(s.messageJson);
    List<DiagnosticRelatedInformation> related = related();
    if (getRelatedInformation() != null) {
      b.append(",\"relatedInformation\":[");
      for (int i = 0; i < related.size(); i++) {
        b.append(i == 0 ? "{\"location\":{\"uri\":" : ",{\"location\":{\"uri\":").append(s.urisJson.get(i)).append(",\"range\":");
        range(b, related.get(i).getLocation().getRange());
        b.append("},\"message\":").append(s.relatedMessagesJson.get(i)).append('}');
      }
      b.append(']');
    }
    return b.append('}').toString();
  }

  private static void range(StringBuilder b, Range r) {
    b.append("{\"start\":");
    position(b, r.getStart());
    b.append(",\"end\":");
    position(b, r.getEnd());
    b.append('}');
  }

  private static void position(StringBuilder b, Position p) {
    b.append("{\"line\":").append(p.getLine()).append(",\"character\":").append(p.getCharacter()).append('}');
  }

  /**
   * Writes a {@link PublishedDiagnostic} from its kept JSON (made the first time: by hand from its
   * members when it has only what the server puts in a diagnostic, else by the usual adapter, with the
   * writer's own settings); any other diagnostic as usual. Reading is unchanged.
   */
  static final class Json implements TypeAdapterFactory {
    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      if (type.getRawType() != Diagnostic.class && type.getRawType() != PublishedDiagnostic.class) {
        return null;
      }
      TypeAdapter<Diagnostic> usual = gson.getDelegateAdapter(this, TypeToken.get(Diagnostic.class));
      return (TypeAdapter<T>) new TypeAdapter<Diagnostic>() {
        @Override
        public void write(JsonWriter out, Diagnostic d) throws IOException {
          if (!(d instanceof PublishedDiagnostic p)) {
            usual.write(out, d);
            return;
          }
          String json = p.json;
          if (json == null) {
            if (!out.getSerializeNulls() && p.plain()) {
              json = p.write(out.isHtmlSafe());
            } else {
              StringWriter text = new StringWriter();
              JsonWriter w = new JsonWriter(text);
              w.setSerializeNulls(out.getSerializeNulls());
              w.setHtmlSafe(out.isHtmlSafe());
              w.setLenient(out.isLenient());
              usual.write(w, d);
              w.flush();
              json = text.toString();
            }
            p.json = json;
          }
          out.jsonValue(json);
        }

        @Override
        public Diagnostic read(JsonReader in) throws IOException {
          return usual.read(in);
        }
      };
    }
  }
}
