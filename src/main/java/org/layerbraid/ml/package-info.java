/**
 * The Spark ML face of layerbraid: {@link org.layerbraid.ml.LayerBraidClassifier}, a probabilistic
 * classifier {@code Estimator} over a vector {@code features} column and a class-index
 * {@code label} column, and the {@link org.layerbraid.ml.LayerBraidClassificationModel} it fits,
 * which adds {@code rawPrediction} (logits), {@code probability} and {@code prediction} columns.
 *
 * <p>Both are ordinary Spark ML stages: they work in a {@code Pipeline}, under
 * {@code CrossValidator}/{@code TrainValidationSplit} with a {@code ParamGridBuilder}, and save and
 * load with {@code write().save(path)} / {@code load(path)} on any Hadoop file system.
 *
 * <p>Every model, MGRIT, nested-iteration, optimiser and training option of the CLI is a validated
 * {@code Param} (see {@link org.layerbraid.ml.LayerBraidParams} for the names and how they map onto
 * the {@code layerbraid keys}; where MLlib's classifiers have a param of the same meaning, ours has its
 * name: {@code maxIter}, {@code stepSize}, {@code solver}, {@code tol}, {@code seed},
 * {@code initialWeights}). {@code fit} turns the {@code DataFrame} into the same typed settings
 * the CLI builds ({@code ModelSpec}, {@code PropagationSpec}, {@code TrainingSettings},
 * {@code NestedSettings}) and calls the one training implementation,
 * {@link org.layerbraid.train.Training#fit}, nested-iteration schedule included; there is no second
 * training loop here.
 *
 * <p>A saved model is a folder: {@code metadata/} (Spark's params metadata, as written by
 * {@code DefaultParamsWriter}) and {@code network/} (the weights in the project's versioned
 * {@link org.layerbraid.model.ModelFiles} format, written atomically; no Java serialization).
 */
package org.layerbraid.ml;
