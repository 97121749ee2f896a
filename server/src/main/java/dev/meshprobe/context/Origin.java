package dev.meshprobe.context;

/** What kind of edited text a rendered key or value was located in (DESIGN §9). */
public enum Origin {
  /** Kustomize: the file that declared the object ({@code config.kubernetes.io/origin}). */
  RESOURCE,
  /** Kustomize: a strategic-merge or JSON 6902 patch, in its own file or inline in a kustomization. */
  PATCH,
  /** Kustomize: {@code commonAnnotations} of a kustomization. */
  COMMON_ANNOTATIONS,
  /** Kustomize: {@code commonLabels} or {@code labels[].pairs} of a kustomization. */
  COMMON_LABELS,
  /** Kustomize: {@code namespace} of a kustomization. */
  NAMESPACE,
  /** Kustomize: nothing more precise was found; the entry's (or the generator's) kustomization. */
  KUSTOMIZATION,
  /** Helm: written literally in a template (or a named template it includes). */
  TEMPLATE,
  /** Helm: a values file ({@code values.yaml} or a release's values file). */
  VALUES,
  /** Helm: produced by a template action; placed on the nearest enclosing literal key of the template. */
  ENCLOSING_KEY,
  /** Helm: the template is not in the workspace (a packaged subchart); placed on the chart's Chart.yaml. */
  CHART
}
