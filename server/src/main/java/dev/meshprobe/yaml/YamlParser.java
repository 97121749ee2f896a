package dev.meshprobe.yaml;

import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a file into documents on document-start ({@code ---}) and document-end ({@code ...}) lines and
 * composes each document on its own with snakeyaml-engine, so that one broken document does not hide
 * the others and an edit re-parses only the documents whose text changed.
 */
public final class YamlParser {
  /** From this many documents to compose, a file's documents are composed in parallel. */
  private static final int PARALLEL_DOCUMENTS = 64;
  /** Up to this many documents around a change are matched one by one; more are matched by hashing. */
  private static final int MAX_REPARSED_STRETCH = 32;

  private final ParseLimits limits;
  private final DocumentParser documents;

  public YamlParser(ParseLimits limits) {
    this.limits = limits;
    this.documents = new DocumentParser(limits);
  }

  public YamlParser() {
    this(ParseLimits.DEFAULT);
  }

  /** Parses every document of {@code text}. */
  public YamlFile parse(String text) {
    return parse(text, null);
  }

  /**
   * Parses {@code text}, reusing the documents of {@code previous} (may be null) whose text is unchanged,
   * moved to their new index and offset.
   */
  public YamlFile parse(String text, YamlFile previous) {
    return parse(new SourceText(text), previous, null);
  }

  /**
   * Parses {@code source}, which is {@code previous}'s text with {@code change} made (either may be
   * null). With a change, only the documents around it are cut and composed again; the documents before
   * it are kept as they are and those after it moved, without looking at their text. When the stretch
   * around the change cannot be cut on its own (the edit made or removed a document boundary next to
   * it), the whole text is cut again, still reusing every document whose text is unchanged.
   */
  public YamlFile parse(SourceText source, YamlFile previous, TextChange change) {
    String text = source.text();
    if (text.length() > limits.maxFileChars()) {
      YamlProblem tooLarge = new YamlProblem(YamlProblem.Kind.NOT_ANALYSED,
          "larger than the " + describeSize(limits.maxFileChars()) + " limit", 0, DocumentParser.firstLineEnd(text));
      return new YamlFile(source, List.of(), tooLarge);
    }
    if (change != null && previous != null && previous.notAnalysed() == null && previous.source().text() != null) {
      List<YamlDocument> docs = reparseAround(text, previous, change);
      if (docs != null) {
        return new YamlFile(source, docs, null);
      }
    }
    Map<String, YamlDocument> reusable = reusable(previous);
    List<DocumentSplitter.Chunk> chunks = DocumentSplitter.split(text);
    YamlDocument[] parsed = new YamlDocument[chunks.size()];
    List<Integer> toParse = new ArrayList<>();
    for (int i = 0; i < parsed.length; i++) {
      DocumentSplitter.Chunk chunk = chunks.get(i);
      String docText = text.substring(chunk.start(), chunk.end());
      YamlDocument old = reusable.get(docText);
      if (old != null) {
        parsed[i] = old.moveTo(i, chunk.start());
      } else {
        parsed[i] = new YamlDocument(i, chunk.start(), docText, null, List.of());
        toParse.add(i);
      }
    }
    // Documents are composed independently, so a large file's are composed on all cores.
    (toParse.size() >= PARALLEL_DOCUMENTS ? toParse.parallelStream() : toParse.stream())
        .forEach(i -> parsed[i] = documents.parse(i, parsed[i].start(), parsed[i].text()));
    return new YamlFile(source, List.of(parsed), null);
  }

  /**
   * The documents of {@code text} after {@code change}, parsing only the documents it touched, or null
   * when the stretch around them cannot be cut on its own. The stretch runs from the document before
   * the first touched one to the document after the last, so that both of its ends are document-start
   * lines the change did not touch.
   */
  private List<YamlDocument> reparseAround(String text, YamlFile previous, TextChange change) {
    List<YamlDocument> old = previous.documents();
    int oldLength = previous.source().text().length();
    if (old.isEmpty() || change.oldEnd() > oldLength || text.length() - change.newEnd() != oldLength - change.oldEnd()) {
      return null;
    }
    int first = 0;
    while (first < old.size() - 1 && old.get(first).end() < change.start()) {
      first++;
    }
    int last = old.size() - 1;
    while (last > first && old.get(last).start() > change.oldEnd()) {
      last--;
    }
    int lo = Math.max(0, first - 1);
    int hi = Math.min(old.size() - 1, last + 1);
    if (hi - lo >= MAX_REPARSED_STRETCH) {
      // A change over many documents (a paste, a whole-text replacement): reuse by text is quicker.
      return null;
    }
    int from = lo == 0 ? 0 : old.get(lo).start();
    if (lo > 0 && (old.get(lo - 1).end() != from || from >= change.start() || !DocumentSplitter.isDocumentStartLine(text, from))) {
      return null;
    }
    int to;
    if (hi == old.size() - 1) {
      to = text.length();
    } else {
      int oldTo = old.get(hi).end();
      if (old.get(hi + 1).start() != oldTo || oldTo <= change.oldEnd()) {
        return null;
      }
      to = oldTo + change.delta();
      if (!DocumentSplitter.isDocumentStartLine(text, to)) {
        return null;
      }
    }
    List<DocumentSplitter.Chunk> chunks = DocumentSplitter.splitRange(text, from, to);
    if (chunks == null) {
      return null;
    }
    List<YamlDocument> out = new ArrayList<>(old.size() + chunks.size() - (hi - lo + 1));
    out.addAll(old.subList(0, lo));
    boolean[] used = new boolean[hi - lo + 1];
    for (DocumentSplitter.Chunk chunk : chunks) {
      String docText = text.substring(chunk.start(), chunk.end());
      int index = out.size();
      YamlDocument doc = null;
      for (int k = lo; k <= hi && doc == null; k++) {
        if (!used[k - lo] && old.get(k).text().equals(docText)) {
          used[k - lo] = true;
          doc = old.get(k).moveTo(index, chunk.start());
        }
      }
      out.add(doc != null ? doc : documents.parse(index, chunk.start(), docText));
    }
    for (int k = hi + 1; k < old.size(); k++) {
      YamlDocument d = old.get(k);
      out.add(d.moveTo(out.size(), d.start() + change.delta()));
    }
    return out;
  }

  /** Documents are immutable and depend on nothing but their own text, so equal text means equal result. */
  private static Map<String, YamlDocument> reusable(YamlFile previous) {
    if (previous == null) {
      return Map.of();
    }
    Map<String, YamlDocument> byText = new HashMap<>(previous.documents().size() * 2);
    for (YamlDocument d : previous.documents()) {
      byText.putIfAbsent(d.text(), d);
    }
    return byText;
  }

  /** A limit in characters, said the way file sizes are: "10 MB". */
  static String describeSize(int chars) {
    int mb = 1024 * 1024;
    if (chars >= mb) {
      return chars % mb == 0 ? chars / mb + " MB" : String.format(Locale.ROOT, "%.1f MB", chars / (double) mb);
    }
    if (chars >= 1024) {
      return chars % 1024 == 0 ? chars / 1024 + " KB" : String.format(Locale.ROOT, "%.1f KB", chars / 1024.0);
    }
    return chars + " characters";
  }
}
