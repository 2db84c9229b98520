/**
 * Data sets for layer-parallel training: the generated Peaks problem, Fashion-MNIST (IDX files),
 * Indian Pines in the text form of the method authors' code, and any LIBSVM, CSV or Parquet data
 * Spark can read. Everything arrives as {@link org.layerbraid.data.Examples} blocks — one local
 * block, or one block per RDD partition — after every value has been checked; bad input raises a
 * {@link org.layerbraid.data.DataException} naming the file, the line or row, and what was
 * expected. {@link org.layerbraid.data.DataSets#load} is the single entry point for the CLI.
 */
package org.layerbraid.data;
