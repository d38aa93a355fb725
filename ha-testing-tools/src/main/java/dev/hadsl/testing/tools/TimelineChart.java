package dev.hadsl.testing.tools;

import static dev.hadsl.core.Markup.escape;

import dev.hadsl.core.TextWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A failover as an SVG timeline: seconds after the failure on one axis, each mark (membership lost, fenced, floating
 * IP started, database writable, first API answer) as a labelled tick in the order it happened. A pure function of
 * the marks; text goes through {@link dev.hadsl.core.Markup#escape}. The lab test draws it from the Pacemaker log and
 * the load client's log, and the README shows it.
 */
public final class TimelineChart {
  private static final int WIDTH = 760;
  private static final int LEFT = 40;
  private static final int RIGHT = 40;
  private static final int AXIS_Y = 70;
  private static final int ROW = 22;

  /** One moment of the failover, seconds after it began; empty when the logs did not show it. */
  public record Mark(String label, Optional<Double> seconds) {
    /** A mark seen {@code seconds} after the failure. */
    public static Mark at(String label, double seconds) {
      return new Mark(label, Optional.of(seconds));
    }
  }

  private TimelineChart() {}

  /** The chart, titled {@code title}, as a standalone SVG document. */
  public static String render(String title, List<Mark> marks) {
    double end = Math.max(1, Math.ceil(marks.stream().flatMap(mark -> mark.seconds().stream())
        .mapToDouble(Double::doubleValue).max().orElse(1)));
    int height = AXIS_Y + 40 + ROW * marks.size();
    TextWriter out = new TextWriter();
    out.line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
        + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">", WIDTH, height, WIDTH, height).indent();
    out.line("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    out.line("<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>", LEFT, escape(title));
    out.line("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT, AXIS_Y, WIDTH - RIGHT, AXIS_Y);
    for (int second = 0; second <= end; second += end > 20 ? 5 : 1) {
      int x = x(second, end);
      out.line("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", x, AXIS_Y - 4, x, AXIS_Y + 4);
      out.line("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%d s</text>", x, AXIS_Y - 10, second);
    }
    int row = 0;
    for (Mark mark : marks) {
      int y = AXIS_Y + 30 + ROW * row++;
      if (mark.seconds().isPresent()) {
        double seconds = mark.seconds().get();
        int x = x(seconds, end);
        out.line("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"3,3\"/>", x,
            AXIS_Y, x, y - 4);
        out.line("<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#c0392b\"/>", x, AXIS_Y);
        String anchor = x > WIDTH / 2 ? "end" : "start";
        int textX = anchor.equals("end") ? x - 6 : x + 6;
        out.line("<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>", textX, y, anchor,
            escape(mark.label() + String.format(Locale.ROOT, " %.1f s", seconds)));
      } else {
        out.line("<text x=\"%d\" y=\"%d\" fill=\"#888\">%s</text>", LEFT, y, escape(mark.label()
            + ": not in the logs"));
      }
    }
    out.outdent().line("</svg>");
    return out.toString();
  }

  private static int x(double seconds, double end) {
    return LEFT + (int) Math.round(seconds / end * (WIDTH - LEFT - RIGHT));
  }
}
