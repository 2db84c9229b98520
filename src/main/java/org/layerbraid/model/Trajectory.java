package org.layerbraid.model;

/**
 * What a forward propagation leaves for the backward one: the states u_0 … u_N and, when the
 * propagation stepped layer by layer, the slopes σ'(K_n u_n + b_n) of its steps, so that the
 * adjoint sweep needs no product K_n u_n of its own. {@code slopes} is null when the states came
 * from elsewhere (an MGRIT solve, whose adjoint steps linearise about coarse states too).
 */
public record Trajectory(double[][] states, double[][] slopes) {

  /** States without slopes. */
  public static Trajectory of(double[][] states) { return new Trajectory(states, null); }

  /** u_N. */
  public double[] last() { return states[states.length - 1]; }
}
