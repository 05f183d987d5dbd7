package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.layerbench.app.gui.service.EngineService;

/**
 * What every workspace shares: the window's view-model (the open project, its edits and dirty
 * state), the engine thread, the background executor for file work, the FX executor, and a way to
 * switch workspace ("Use this rate" moves to Train).
 *
 * @param vm the open project and its commands; change the project through {@link
 *     WorkbenchViewModel#editProject} so edits are undoable and mark the project dirty
 * @param engine the one engine thread for DJL work
 * @param io background executor for disk and decoding work (never the FX thread)
 * @param fx the FX thread's executor (same-thread in view-model tests)
 * @param home LayerBench's folder in the user's home (runs of unsaved projects go under it)
 * @param show switches the window to the workspace of this name ("Train", "Evaluate", ...)
 */
public record WorkbenchContext(
    WorkbenchViewModel vm,
    EngineService engine,
    Executor io,
    Executor fx,
    Path home,
    Consumer<String> show) {}
