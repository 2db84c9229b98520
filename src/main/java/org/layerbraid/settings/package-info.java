/**
 * The options of a run, declared once ({@link org.layerbraid.settings.Options}: key, ML param,
 * type, default, rule, doc), their values with where each came from
 * ({@link org.layerbraid.settings.Config}), and the typed settings read from them
 * ({@link org.layerbraid.settings.RunSettings}). The CLI ({@code cli}) fills a config from files and
 * arguments, the ML API ({@code ml}) from param values; both then build the same model,
 * propagation, training and nested-iteration settings. This floor sits below both and imports
 * neither.
 */
package org.layerbraid.settings;
