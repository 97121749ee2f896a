package dev.meshprobe.engine;

import dev.meshprobe.k8s.NamespaceSource;

/**
 * The namespace the namespace-less objects of a file get, and where it comes from (DESIGN §1): the
 * file's kustomization, a declared context, {@code defaultNamespace}, or {@code default} assumed.
 */
record NamespaceDefault(String namespace, NamespaceSource source) {}
