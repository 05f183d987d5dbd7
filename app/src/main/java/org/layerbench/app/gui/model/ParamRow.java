package org.layerbench.app.gui.model;

import org.layerbench.engine.graph.ParamSpec;

/**
 * One line of the inspector.
 *
 * @param category "Layer", "Parameters" or "Inferred"
 * @param name the parameter's PyTorch keyword, or "name" for the module name
 * @param spec the schema (null for the name and for inferred values)
 * @param text the current value as text; empty when not given
 * @param placeholder what applies when the text is empty (the default), shown greyed
 * @param editable false for inferred values, which follow from the input
 * @param doc the tooltip: the parameter's doc and its allowed range
 */
public record ParamRow(
    String category,
    String name,
    ParamSpec spec,
    String text,
    String placeholder,
    boolean editable,
    String doc) {}
