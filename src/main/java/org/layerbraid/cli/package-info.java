/**
 * The {@code layerbraid} commands (train, evaluate, predict, study, mgrit, bench, keys): each reads
 * its options ({@link org.layerbraid.settings}), opens Spark where it needs it, and writes its
 * outputs.
 */
package org.layerbraid.cli;
