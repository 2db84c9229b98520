/**
 * Studies that compare training schedules over seeds and hyperparameter sweeps: nested iteration
 * against a random start at the final depth (given 50 % more optimisation steps, and the same wall
 * time) and against MLlib's multilayer perceptron, measured on data the training does not see, and
 * reported as Markdown, CSV and PNG.
 */
package org.layerbraid.study;
