/**
 * Micro-benchmarks of the numerical kernels, reported as ratios against a baseline measured in the
 * same run, with the machine they ran on.
 *
 * <ul>
 *   <li>{@link org.layerbraid.bench.KernelBenchmark} times the residual-layer kernel
 *       ({@code ResNet.step} + {@code ResNet.stepAdjoint}) beside the raw matrix products of the
 *       same shapes ({@code Mat.gemm}), for every chosen BLAS implementation
 *       ({@link org.layerbraid.bench.BlasChoice}: native through netlib's JNI binding, or netlib's
 *       Java fallback), interleaving all series round by round so that ratios (kernel/gemm,
 *       native/Java) are paired and survive a noisy shared machine.
 *   <li>{@link org.layerbraid.bench.FlopAudit} counts the floating-point operations the kernel
 *       really asks BLAS for, to check the nominal count of
 *       {@code NetworkShape.flopsPerLayerStep}.
 *   <li>{@link org.layerbraid.bench.Machine} records cores, memory, CPU model, Java version and
 *       the BLAS library in use; {@link org.layerbraid.bench.KernelReport} prints the table and
 *       writes JSON or CSV.
 * </ul>
 *
 * Nothing here needs Spark: the kernels run in the driver JVM.
 */
package org.layerbraid.bench;
