/**
 * What a run shows and leaves behind: progress while it works, result files and charts when
 * it is done.
 *
 * <ul>
 *   <li>{@link org.layerbraid.report.Progress} reports runs, nested-iteration levels, epochs
 *       and MGRIT iterations, as human lines ({@code console}), nearly nothing
 *       ({@code quiet}) or one JSON object per event ({@code json}) for schedulers.
 *   <li>{@link org.layerbraid.report.MetricsWriter} writes {@code metrics.json} and
 *       {@code epochs.csv} (one {@link org.layerbraid.report.EpochRecord} per row, read back by
 *       {@link org.layerbraid.report.EpochsCsv}).
 *   <li>{@link org.layerbraid.report.Charts} draws training curves, MGRIT convergence, decision
 *       maps and study comparisons as PNG files, without a display.
 * </ul>
 *
 * Every file is replaced atomically through {@link org.layerbraid.report.AtomicFiles}, so a
 * reader polling a running job never sees a half-written file. The package needs neither
 * Spark nor the rest of layerbraid; the layers above feed it plain numbers.
 */
package org.layerbraid.report;
