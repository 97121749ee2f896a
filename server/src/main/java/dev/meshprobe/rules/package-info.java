/**
 * Rules: one small final class per rule, its identity in {@link dev.meshprobe.rules.RuleInfo}, all
 * registered in {@link dev.meshprobe.rules.Rules}. Rules ask the Kubernetes and mesh models questions
 * and produce {@link dev.meshprobe.rules.Finding}s; they never see LSP types. Depends on {@code mesh},
 * {@code k8s}, {@code yaml}.
 */
package dev.meshprobe.rules;
