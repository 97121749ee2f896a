/**
 * Deployment contexts (DESIGN §9): which objects are applied together. Discovers the contexts of a
 * workspace (plain files, each Kustomize entry, each Helm release, and contexts declared in the
 * configuration), renders Kustomize entries and Helm releases with the user's own {@code kustomize}
 * (or {@code kubectl kustomize}) and {@code helm} as external processes, reads their output with the
 * project's YAML layer, and keeps a {@link dev.meshprobe.context.SourceMap} from every rendered key and
 * value back to the text the user edits (origin file, patch, kustomization, template, values file).
 *
 * <p>Depends on {@code yaml}, {@code text} and {@code mesh} (for {@code Setting} and {@code
 * IstioVersion}) only: it knows nothing of rules, findings or the workspace model, which the engine
 * builds on top of the rendered documents and locations it hands out. Offsets are char offsets (UTF-16
 * units) into the text of the file named, as everywhere inside the server.
 */
package dev.meshprobe.context;
