package org.layerbench.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.layerbench.engine.train.MklOnAmd;

/**
 * Loads the MKL helper before any test can load libtorch, as the engine does before its first use:
 * some tests open an NDManager directly, and whichever test ran first would otherwise decide which
 * kernels all the others' matrix products use.
 */
public final class MklFirst implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    MklOnAmd.enable();
  }
}
