package io.canarykit.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The time this JVM's JIT compilers have spent compiling, summed over their threads: a fresh JVM
 * compiles the job's paths for tens of seconds under load, and a figure taken meanwhile measures the
 * compilers as much as the job.
 */
final class JitCompilation {

    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

    private JitCompilation() {}

    /** Whether this JVM reports its compilers' time. */
    static boolean supported() {
        return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported();
    }

    /** Milliseconds spent compiling since the JVM started; 0 where the JVM does not say. */
    static long totalMillis() {
        return supported() ? COMPILER.getTotalCompilationTime() : 0;
    }
}
