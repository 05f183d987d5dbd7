package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A live chart's value axis (Charts.valueAxis): it follows its points, and a point inside the range
 * it shows leaves its tick labels as they are, the same nodes, where an auto-ranging axis would
 * have made them all anew.
 */
@ExtendWith(ApplicationExtension.class)
class ChartsGuiTest {
  private final ObservableList<Point2D> points = FXCollections.observableArrayList();
  private final ObservableList<Point2D> more = FXCollections.observableArrayList();
  private LineChart<Number, Number> chart;

  @Start
  void start(Stage stage) {
    chart = Charts.lineChart("chart", "loss");
    var series = Charts.series("loss");
    Charts.bind(points, series, false);
    chart.getData().add(series);
    Charts.valueAxis(chart, false, List.of(points, more));
    stage.setScene(new Scene(new StackPane(chart), 400, 300));
    stage.show();
  }

  @Test
  void theAxisFollowsThePointsAndKeepsItsLabelsWhileTheyFit(FxRobot robot) {
    NumberAxis y = (NumberAxis) chart.getYAxis();
    robot.interact(() -> points.addAll(new Point2D(0, 1.15), new Point2D(0.1, 0.35)));
    assertThat(y.isAutoRanging()).isFalse();
    assertThat(y.getLowerBound()).isLessThan(0.35);
    assertThat(y.getUpperBound()).isGreaterThan(1.15);
    assertThat(y.getUpperBound() - y.getLowerBound()).isLessThan(2);
    Set<Node> labels = tickLabels(y);
    List<String> texts = texts(y);
    assertThat(texts).isNotEmpty();

    robot.interact(() -> points.add(new Point2D(0.2, 0.9)));
    assertThat(tickLabels(y)).isEqualTo(labels);

    // a point below the range moves it, on ticks again; the second list counts too
    robot.interact(() -> more.add(new Point2D(0.3, -0.4)));
    assertThat(y.getLowerBound()).isLessThan(-0.4);
    assertThat(texts(y)).isNotEqualTo(texts);
    // non-finite values (a diverging run's last loss) are left out of the range
    double lower = y.getLowerBound();
    robot.interact(() -> more.add(new Point2D(0.4, Double.NEGATIVE_INFINITY)));
    assertThat(y.getLowerBound()).isEqualTo(lower);
  }

  private static Set<Node> tickLabels(NumberAxis y) {
    y.layout();
    return y.getChildrenUnmodifiable().stream()
        .filter(n -> n instanceof Text && n.isVisible())
        .collect(
            Collectors.toCollection(
                () -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())));
  }

  private static List<String> texts(NumberAxis y) {
    return tickLabels(y).stream().map(n -> ((Text) n).getText()).sorted().toList();
  }
}
