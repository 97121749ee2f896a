/**
 * The Kubernetes model: resources, the workloads that hold pod templates (one kinds table, {@link
 * dev.meshprobe.k8s.WorkloadKind}), containers and their probes. Depends on {@code yaml} only.
 */
package dev.meshprobe.k8s;
