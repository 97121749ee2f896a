package dev.meshprobe.context;

import java.util.List;

/**
 * An external tool ready to run: the command words that start it ({@code [/usr/bin/kubectl,
 * kustomize]}, {@code [/usr/local/bin/helm]}), and the setting that points at it, for messages.
 */
record Tool(List<String> command, String setting) {
  Tool {
    command = List.copyOf(command);
  }

  /** How messages name it: {@code kubectl kustomize}, {@code helm}. */
  String display() {
    String exe = java.nio.file.Path.of(command.get(0)).getFileName().toString();
    return command.size() > 1 && !command.get(1).equals("build") ? exe + " " + command.get(1) : exe;
  }
}
