/**
 * The ResNet as an MGRIT problem: the forward stepper (one residual layer per time step) and the
 * reversed-time adjoint stepper, the weights a coarse step uses over the layers it spans
 * ({@link org.layerbraid.resnet.CoarseWeights}), the weight gradient summed over the adjoint's
 * blocks, and {@link org.layerbraid.resnet.MgritPropagation}: forward and backward propagation by
 * MGRIT, converged or one-shot, on whatever engine an {@link org.layerbraid.mgrit.EngineFactory}
 * makes. It knows networks and the solver, not where the time points live.
 */
package org.layerbraid.resnet;
