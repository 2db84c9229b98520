/**
 * Training: the objective on a batch, optimisers (momentum SGD, Adam, L-BFGS with Armijo
 * backtracking), where batches are summed ({@link org.layerbraid.train.LocalBatchSource}, or data
 * parallel over Spark partitions in {@link org.layerbraid.train.SparkBatchSource}; for MGRIT, one
 * solve per batch in {@link org.layerbraid.train.JoinedBatchSource}, whose minibatch epochs run in
 * one barrier stage with each layer block's weights and optimiser state kept in its task,
 * {@link org.layerbraid.train.ResidentEpochs}), the
 * {@link org.layerbraid.train.Trainer}, nested iteration across depth, and
 * {@link org.layerbraid.train.Training#fit}, the one entry point the CLI and the Spark ML API share.
 */
package org.layerbraid.train;
