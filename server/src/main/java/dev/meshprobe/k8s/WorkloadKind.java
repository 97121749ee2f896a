package dev.meshprobe.k8s;

import java.util.List;
import java.util.Set;

/**
 * The one table of kinds that hold a pod, with the API groups that define them and the path from the
 * object to its pod template (a mapping with {@code metadata} and {@code spec}). An empty path means the
 * object is the pod itself. Nothing else is a pod: a CRD schema or a ConfigMap string that mentions
 * {@code livenessProbe} is not.
 */
public enum WorkloadKind {
  POD("Pod", Set.of(""), List.of()),
  POD_TEMPLATE("PodTemplate", Set.of(""), List.of("template")),
  DEPLOYMENT("Deployment", Set.of("apps", "extensions"), List.of("spec", "template")),
  REPLICA_SET("ReplicaSet", Set.of("apps", "extensions"), List.of("spec", "template")),
  STATEFUL_SET("StatefulSet", Set.of("apps"), List.of("spec", "template")),
  DAEMON_SET("DaemonSet", Set.of("apps", "extensions"), List.of("spec", "template")),
  REPLICATION_CONTROLLER("ReplicationController", Set.of(""), List.of("spec", "template")),
  JOB("Job", Set.of("batch"), List.of("spec", "template")),
  CRON_JOB("CronJob", Set.of("batch"), List.of("spec", "jobTemplate", "spec", "template")),
  ARGO_ROLLOUT("Rollout", Set.of("argoproj.io"), List.of("spec", "template")),
  KNATIVE_SERVICE("Service", Set.of("serving.knative.dev"), List.of("spec", "template")),
  KNATIVE_CONFIGURATION("Configuration", Set.of("serving.knative.dev"), List.of("spec", "template")),
  OPENSHIFT_DEPLOYMENT_CONFIG("DeploymentConfig", Set.of("apps.openshift.io", ""), List.of("spec", "template"));

  private final String kind;
  private final Set<String> groups;
  private final List<String> templatePath;

  WorkloadKind(String kind, Set<String> groups, List<String> templatePath) {
    this.kind = kind;
    this.groups = groups;
    this.templatePath = templatePath;
  }

  public String kind() {
    return kind;
  }

  public List<String> templatePath() {
    return templatePath;
  }

  /** True when the object is the pod itself rather than a controller with a template. */
  public boolean isPod() {
    return templatePath.isEmpty();
  }

  /**
   * The workload kind of a resource, or null. A missing {@code apiVersion} is accepted for Kubernetes'
   * own kinds, whose kind alone identifies them, never for the kinds of other projects.
   */
  public static WorkloadKind of(Resource r) {
    String k = r.kind();
    if (k == null) {
      return null;
    }
    String group = r.group();
    for (WorkloadKind w : values()) {
      if (w.kind.equals(k) && (group == null ? w.isKubernetesKind() : w.groups.contains(group))) {
        return w;
      }
    }
    return null;
  }

  private boolean isKubernetesKind() {
    return ordinal() <= CRON_JOB.ordinal();
  }
}
