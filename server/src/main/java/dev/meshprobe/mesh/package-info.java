/**
 * The mesh model: facts with provenance and the decisions of DESIGN §1 (injection, probe rewriting,
 * port capture, mTLS mode), made as Istio makes them for a target version. Depends on {@code k8s} and
 * {@code yaml}.
 */
package dev.meshprobe.mesh;
