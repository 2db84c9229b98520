package org.layerbraid.data;

import java.io.Serializable;

/** A text format with one example per line, parsed on the executors. */
interface LineFormat extends Serializable {

  /** Whether this first line of a file is a header rather than data. */
  boolean isHeader(String firstLine);

  /** The number of features a data line carries, for when the user did not say. */
  int featureCount(String dataLine, Position at);

  /** A validated row; {@code dim} may be unknown (≤ 0) for formats that can discover it later. */
  LabeledRow parse(String line, int dim, int numClasses, Position at);

  /** Says what a row must look like, for "empty file" messages. */
  String expectation();
}
