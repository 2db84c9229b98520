/**
 * The ODE-ResNet. Opening layer u_0 = σ(W_open·y + b_open); N residual layers, each a forward
 * Euler step u_{n+1} = u_n + h·σ(K_n u_n + b_n) with h = T/N ({@link org.layerbraid.model.ResNet#step});
 * classifier z = W_cls·u_N + b_cls with softmax cross-entropy. Gradients by the discrete adjoint
 * λ_n = λ_{n+1} + h·K_nᵀ(σ'(a_n) ⊙ λ_{n+1}) ({@link org.layerbraid.model.ResNet#stepAdjoint}), checked
 * against finite differences. Parameters live in one flat vector laid out by
 * {@link org.layerbraid.model.NetworkShape}; regularisers γ_tik, γ_ddt, γ_cls (optionally scaled
 * by h); refinement in depth for nested iteration; model files that never use Java serialization.
 */
package org.layerbraid.model;
