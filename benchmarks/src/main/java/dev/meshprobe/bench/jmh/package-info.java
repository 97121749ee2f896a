/**
 * JMH benchmarks of the engine stages (parse, model, rules) and of the server's engine-thread share of
 * an edit, on the generated 13,000-line manifest. Run through {@code benchmarks/target/benchmarks.jar}
 * (scripts/bench-jmh.sh); the normal build only compiles them.
 */
package dev.meshprobe.bench.jmh;
