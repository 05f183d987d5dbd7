package org.layerbench.app.gui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Moments as a person reads them, in the machine's time zone: "at 21:23", "on 26 Nov 2026 at …".
 */
final class Moments {
  private Moments() {}

  /** "at 21:23" today, else "on 26 Nov 2026 at 21:23", in the machine's time zone. */
  static String when(Instant instant) {
    return when(instant, ZoneId.systemDefault(), LocalDate.now());
  }

  static String when(Instant instant, ZoneId zone, LocalDate today) {
    var local = instant.atZone(zone);
    String time = local.format(DateTimeFormatter.ofPattern("HH:mm"));
    if (local.toLocalDate().equals(today)) {
      return "at " + time;
    }
    return "on "
        + local.format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH))
        + " at "
        + time;
  }
}
