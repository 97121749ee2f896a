package dev.meshprobe.context;

import dev.meshprobe.yaml.YamlParser;

/**
 * What every render shares: where the tools are, the settings (tools, time limit), the edited text the
 * source maps read, the parser of the tool's output, and the largest output accepted.
 */
record RenderSetup(ToolFinder tools, ContextSettings settings, SourceFiles files, YamlParser parser, long maxOutputBytes) {}
