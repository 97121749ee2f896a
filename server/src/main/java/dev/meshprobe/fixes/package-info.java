/**
 * Fixes (code actions): one small final class per fix, named {@code <Verb><Object>Fix}, each turning a
 * finding into minimal text edits on the user's own text. Untouched lines stay byte-identical, and the
 * edits follow the file's indentation, sequence style, quoting, flow style and line endings, because
 * a manifest is reviewed as a diff. {@link dev.meshprobe.fixes.Fixes} says which fixes apply to a
 * finding and which one is preferred. Depends on {@code rules}, {@code mesh}, {@code k8s}, {@code yaml}
 * and {@code text}; the engine locates the finding's resource and probe and calls this package, never
 * the other way round.
 */
package dev.meshprobe.fixes;
