package dev.meshprobe.lsp;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Range;

/**
 * A diagnostic the server made, which keeps its own JSON once written. Diagnostics of findings that did
 * not move are the same objects from one publication to the next ({@link Convert#diagnostics}), so a
 * publication after an edit serialises only the few that changed and copies the rest. The server never
 * changes a diagnostic after making it.
 */
final class PublishedDiagnostic extends Diagnostic {
  /** The JSON of this diagnostic as last written, or null; not itself serialised (transient). */
  private transient volatile String json;

  PublishedDiagnostic(Range range, String message, DiagnosticSeverity severity, String source, String code) {
    super(range, message, severity, source, code);
  }

  /**
   * Writes a {@link PublishedDiagnostic} from its kept JSON (made by the usual adapter, with the
   * writer's own settings, the first time); any other diagnostic as usual. Reading is unchanged.
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
            StringWriter text = new StringWriter();
            JsonWriter w = new JsonWriter(text);
            w.setSerializeNulls(out.getSerializeNulls());
            w.setHtmlSafe(out.isHtmlSafe());
            w.setLenient(out.isLenient());
            usual.write(w, d);
            w.flush();
            json = text.toString();
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
