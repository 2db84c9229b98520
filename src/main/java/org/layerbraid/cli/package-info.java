/**
 * The {@code layerbraid} commands (train, evaluate, predict, mgrit, bench, keys) and their configuration: config files
 * of {@code key = value} lines with command-line overrides, every key declared once in
 * {@link org.layerbraid.cli.ConfigKey} and read into typed settings by {@link org.layerbraid.cli.RunSettings}.
 */
package org.layerbraid.cli;
