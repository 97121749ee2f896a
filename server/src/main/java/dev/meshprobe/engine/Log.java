package dev.meshprobe.engine;

/** Where the engine reports what it did and what went wrong; never stdout, which may carry the protocol. */
public interface Log {
  void info(String message);

  void warn(String message, Throwable error);

  /** A log that drops everything. */
  Log SILENT = new Log() {
    @Override
    public void info(String message) {}

    @Override
    public void warn(String message, Throwable error) {}
  };

  /** A log that writes to standard error. */
  Log STDERR = new Log() {
    @Override
    public void info(String message) {
      System.err.println("meshprobe: " + message);
    }

    @Override
    public void warn(String message, Throwable error) {
      System.err.println("meshprobe: " + message + (error == null ? "" : ": " + error));
    }
  };
}
