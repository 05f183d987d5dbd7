package org.layerbench.app.gui.guide;

import javafx.beans.value.ObservableBooleanValue;

/**
 * One step of the first-run guide: what to do, where it is done, and whether the open project has
 * done it.
 *
 * @param title the button's text ("Open a dataset")
 * @param hint one sentence on how to do it, shown when it is the next step
 * @param workspace the {@code Workspace} name the button switches to
 * @param done whether the step is done for the open project (cheap to know, kept live)
 */
public record GuideStep(String title, String hint, String workspace, ObservableBooleanValue done) {}
