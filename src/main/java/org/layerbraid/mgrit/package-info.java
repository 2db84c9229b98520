/**
 * A generic MGRIT solver (multigrid reduction in time, after XBraid), knowing nothing of networks
 * or Spark. The user supplies a {@link org.layerbraid.mgrit.TimeStepper} (step, sum, norm); an
 * {@link org.layerbraid.mgrit.Engine} stores the time points in {@link org.layerbraid.mgrit.Block}s
 * and runs sweeps over them; {@link org.layerbraid.mgrit.Mgrit} is the one FAS V-cycle (F/FCF
 * relaxation, injection, coarsest-level serial solve, C-point correction, optional F-cycles) for
 * every engine, with XBraid's options ({@code maxLevels, cfactor, nrelax, minCoarse, absTol,
 * relTol, maxIter, skip, fmg}) and convergence history. Each phase is its own unit:
 * {@link org.layerbraid.mgrit.Relaxation}, {@link org.layerbraid.mgrit.Restriction},
 * {@link org.layerbraid.mgrit.Interpolation}; {@link org.layerbraid.mgrit.Layout} cuts levels into blocks.
 */
package org.layerbraid.mgrit;
