package org.layerbraid.data;

/**
 * Bad input data: the message names the file (or data set), the line or row where the format
 * has them, and what was expected, so a user can fix the file without reading code.
 */
public class DataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) { super(message); }

  public DataException(String message, Throwable cause) { super(message, cause); }
}
