package dev.meshprobe.lsp;

import dev.meshprobe.engine.Log;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * LSP4J logs through {@code java.util.logging}, whose default handler writes two lines per record to
 * standard error ("Dec 03, 2026 ... RemoteEndpoint handleCancellation" / "WARNING: Unmatched cancel
 * notification ..."), which editors show in the server's log as if they were errors. Here those
 * records go through the server's own log instead, one line each, warnings and worse only. A cancelled
 * request is routine (an editor cancels a hover or a code action on every keystroke, often after the
 * answer has left), so LSP4J's notes about cancellations are left out unless the client turned tracing
 * on ({@code $/setTrace} or the {@code trace} of {@code initialize}, which VS Code sends for {@code
 * meshprobe.trace.server}).
 */
final class LspLogging {
  private static final Logger ROOT = Logger.getLogger("");
  /** Holds LSP4J's loggers, so that their level is ours to set and not collected. */
  private static final Logger LSP4J = Logger.getLogger("org.eclipse.lsp4j");
  private static volatile boolean tracing;

  private LspLogging() {}

  /** Routes every {@code java.util.logging} record of the process to {@code log} (the server's log, once connected). */
  static void install(Supplier<Log> log) {
    LogManager.getLogManager().reset();
    ROOT.setLevel(Level.WARNING);
    LSP4J.setLevel(Level.WARNING);
    ROOT.addHandler(new ToServerLog(log));
  }

  /** Tracing on: LSP4J's notes on cancellations are logged too. {@code value} is the protocol's off, messages or verbose. */
  static void trace(String value) {
    tracing = value != null && !value.equals("off");
    LSP4J.setLevel(tracing ? Level.FINE : Level.WARNING);
  }

  /** A cancellation note: the client cancelled a request, perhaps one already answered. */
  static boolean isCancellation(LogRecord r) {
    String message = r.getMessage();
    return "handleCancellation".equals(r.getSourceMethodName()) || (message != null && message.contains("cancel notification"));
  }

  private static final class ToServerLog extends Handler {
    private final Supplier<Log> log;
    /** Set while a record is written: a failure to write (the stream is gone) must not log again through it. */
    private final ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> false);

    ToServerLog(Supplier<Log> log) {
      this.log = log;
    }

    @Override
    public void publish(LogRecord r) {
      if (r == null || (isCancellation(r) && !tracing)) {
        return;
      }
      String text = line(r);
      if (writing.get()) {
        Log.STDERR.warn(text, r.getThrown());
        return;
      }
      writing.set(true);
      try {
        Log target = log.get();
        if (r.getLevel().intValue() >= Level.WARNING.intValue() && !isCancellation(r)) {
          target.warn(text, r.getThrown());
        } else {
          target.info(text);
        }
      } finally {
        writing.set(false);
      }
    }

    private static String line(LogRecord r) {
      String source = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
      String message = r.getMessage() == null ? "" : r.getMessage();
      Object[] params = r.getParameters();
      if (params != null && params.length > 0 && message.contains("{0")) {
        message = java.text.MessageFormat.format(message, params);
      }
      return "lsp4j " + source + ": " + message.replace('\n', ' ');
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
