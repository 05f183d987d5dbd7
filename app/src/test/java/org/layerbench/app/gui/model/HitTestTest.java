package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.app.gui.model.HitTest.Card;
import org.layerbench.app.gui.model.HitTest.DropTarget;
import org.layerbench.app.gui.model.HitTest.EdgeHit;
import org.layerbench.app.gui.model.HitTest.GroupHeaderHit;
import org.layerbench.app.gui.model.HitTest.Header;
import org.layerbench.app.gui.model.HitTest.NodeHit;
import org.layerbench.app.gui.model.HitTest.Nothing;
import org.layerbench.app.gui.model.HitTest.PortHit;
import org.layerbench.app.gui.model.HitTest.Wire;
import org.layerbench.engine.graph.Edge;

/**
 * Hit-testing on its own: two cards one above the other (a plain layer at (100, 100) and an Add
 * with two inputs at (100, 300)), the wire between them, and a group title to the left.
 */
class HitTestTest {
  private static final double W = NodeGeometry.WIDTH;
  private static final double H = NodeGeometry.HEIGHT;
  private static final Edge WIRE = new Edge("conv", "add", 0);

  private final HitTest hits =
      new HitTest(
          List.of(new Card("conv", 100, 100, 1, true), new Card("add", 100, 300, 2, true)),
          List.of(
              new Wire(
                  WIRE,
                  List.of(new double[] {100 + W / 2, 100 + H}, new double[] {100 + W / 3, 300}))),
          List.of(new Header("block", -200, 50, 150, 20)));

  @Test
  void aPointOnACardAwayFromItsPortsIsOnTheNode() {
    assertThat(hits.at(100 + 20, 100 + H / 2)).isEqualTo(new NodeHit("conv"));
    assertThat(hits.at(100 + W, 300 + H)).isEqualTo(new NodeHit("add")); // the corner counts
  }

  @Test
  void portsWinOverTheCardTheySitOn() {
    assertThat(hits.at(100 + W / 2 + 3, 100 + H - 2)).isEqualTo(new PortHit("conv", -1));
    assertThat(((PortHit) hits.at(100 + W / 2, 100 + H)).output()).isTrue();
    assertThat(hits.at(100 + W / 2, 100)).isEqualTo(new PortHit("conv", 0));
    assertThat(hits.at(100 + W / 3, 300 + 1)).isEqualTo(new PortHit("add", 0));
    assertThat(hits.at(100 + 2 * W / 3, 300)).isEqualTo(new PortHit("add", 1));
  }

  @Test
  void aPointOnTheWireBetweenCardsIsOnTheEdge() {
    double x = 100 + (W / 2 + W / 3) / 2;
    double y = (100 + H + 300) / 2.0;
    assertThat(hits.at(x, y)).isEqualTo(new EdgeHit(WIRE));
    assertThat(hits.at(x + 3, y)).isEqualTo(new EdgeHit(WIRE)); // within the tolerance
  }

  @Test
  void aGroupsTitleStripIsItsHeader() {
    assertThat(hits.at(-150, 60)).isEqualTo(new GroupHeaderHit("block"));
  }

  @Test
  void emptyCanvasIsNothing() {
    assertThat(hits.at(0, 0)).isEqualTo(new Nothing());
    assertThat(hits.at(100 + W + 30, 200)).isEqualTo(new Nothing()); // beside the wire, off it
    assertThat(new HitTest(List.of(), List.of(), List.of()).at(5, 5)).isEqualTo(new Nothing());
  }

  @Test
  void aDraggedWireLandsOnTheCardOrTheNearestInputPortOfAMerge() {
    assertThat(hits.dropTarget(100 + 50, 300 + 40)).isEqualTo(new DropTarget("add", -1));
    assertThat(hits.dropTarget(100 + 2 * W / 3 + 10, 300 - 10)).isEqualTo(new DropTarget("add", 1));
    assertThat(hits.dropTarget(100 + W / 2, 100 - 10)).isEqualTo(new DropTarget("conv", -1));
    assertThat(hits.dropTarget(100 + W / 2, 100 - 20)).isNull(); // above the margin
  }

  @Test
  void aRubberBandSelectsTheCardsItTouches() {
    assertThat(hits.inBand(0, 0, 120, 120)).containsExactly("conv");
    assertThat(hits.inBand(0, 0, 400, 400)).containsExactly("conv", "add");
    assertThat(hits.inBand(0, 0, 90, 90)).isEmpty();
  }
}
