package org.layerbraid.model;

/**
 * Training that cannot go on: a loss or an MGRIT residual that is NaN, infinite or exploding, or a
 * solve that was to converge and did not. The message is one line naming what failed, where (level,
 * epoch) and which setting to change; the command stops without writing its results, so the last
 * good ones stay.
 */
public class DivergenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DivergenceException(String message) { super(message); }
}
