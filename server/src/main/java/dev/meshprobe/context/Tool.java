package dev.meshprobe.context;

import java.util.List;

/**
 * An external tool ready to run: the command words that start it ({@code [/usr/bin/kubectl,
 * kustomize]}, {@code [/usr/local/bin/helm]}).
 */
record Tool(List<String> command) {
  Tool {
    command = List.copyOf(command);
  }

  /** How messages name it: {@code kubectl kustomize}, {@code helm}. */
  String display() {
    String exe = java.nio.file.Path.of(command.get(0)).getFileName().toString();
    return command.size() > 1 && !command.get(1).equals("build") ? exe + " " + command.get(1) : exe;
  }
}
