package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The recovery prompt says when the autosave was made in words a person reads. */
class WorkbenchDialogsTest {
  @Test
  void autosaveTimesReadAsClockTimes() {
    ZonedDateTime today = ZonedDateTime.now(ZoneId.systemDefault()).withHour(9).withMinute(5);
    assertThat(WorkbenchDialogs.when(today.toInstant())).isEqualTo("at 09:05");
    ZonedDateTime earlier =
        ZonedDateTime.of(2025, 3, 4, 21, 7, 30, 123_456_789, ZoneId.systemDefault());
    assertThat(WorkbenchDialogs.when(earlier.toInstant())).isEqualTo("on 4 Mar 2025 at 21:07");
    assertThat(WorkbenchDialogs.when(Instant.now())).startsWith("at ").hasSize(8);
  }
}
