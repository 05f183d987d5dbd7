package org.layerbench.app.gui.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Waits for frames to pass. The Train workspace rehearses its first-use costs and primes its lists
 * in its first frames on screen ({@link Rehearsal}), adding and removing nodes; TestFX looks nodes
 * up from the test thread, and a lookup that walks a list of children while a frame changes it can
 * fail (IndexOutOfBoundsException in Parent.lookupAll). Tests that show the workspace let those
 * frames pass before they look anything up.
 */
public final class Frames {
  /** More than the rehearsal's frames: three to wait, one per part, two for each priming. */
  public static final int REHEARSAL = 30;

  private Frames() {}

  public static void pass(int frames) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () ->
            new AnimationTimer() {
              private int seen;

              @Override
              public void handle(long now) {
                if (++seen >= frames) {
                  stop();
                  done.countDown();
                }
              }
            }.start());
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(frames + " frames did not pass in 30 s");
    }
  }

  /** Clicks a workspace's button and lets the Train workspace's rehearsal frames pass. */
  public static void showTrain(org.testfx.api.FxRobot robot) throws InterruptedException {
    robot.clickOn("#ws-train");
    pass(REHEARSAL);
  }
}
