package io.llmgateway.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Draws latency-by-percentile curves (HdrHistogram's classic plot) into a PNG with Java2D in
 * headless mode: the x axis spreads the tail (0 %, 90 %, 99 %, 99.9 %, 99.99 %), the y axis is
 * logarithmic so that a 2 ms floor and a 200 ms tail both read.
 */
public final class LatencyPlot {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 650;
    private static final int LEFT = 80;
    private static final int RIGHT = 260;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    /** Up to 99.99 %: 10^4 on the "1 / (1 - p)" axis. */
    private static final double MAX_X = 4;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2),
            new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private LatencyPlot() {}

    /**
     * @param curves label to histogram in microseconds, drawn in this order
     */
    public static void write(String title, Map<String, Histogram> curves, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, Histogram> drawn = new LinkedHashMap<>();
        curves.forEach((label, h) -> {
            if (h.getTotalCount() > 0) {
                drawn.put(label, h);
            }
        });
        double minMs = 0.1;
        double maxMs = 1;
        for (Histogram h : drawn.values()) {
            maxMs = Math.max(maxMs, h.getMaxValue() / 1000.0);
        }
        double logMin = Math.log10(minMs);
        double logMax = Math.ceil(Math.log10(maxMs));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;

            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

            // Grid and axes.
            String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%"};
            for (int i = 0; i <= MAX_X; i++) {
                int x = LEFT + (int) (plotW * i / MAX_X);
                g.setColor(new Color(0xdddddd));
                g.drawLine(x, TOP, x, TOP + plotH);
                g.setColor(Color.BLACK);
                g.drawString(xLabels[i], x - 15, TOP + plotH + 20);
            }
            for (int e = (int) Math.floor(logMin); e <= logMax; e++) {
                int y = yOf(e, logMin, logMax, plotH);
                g.setColor(new Color(0xdddddd));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.BLACK);
                double ms = Math.pow(10, e);
                g.drawString(ms < 1 ? String.valueOf(ms) : String.valueOf((long) ms), 10, y + 4);
            }
            g.drawRect(LEFT, TOP, plotW, plotH);
            g.drawString("percentile", LEFT + plotW / 2 - 30, HEIGHT - 15);
            g.drawString("latency (ms, log scale)", LEFT, TOP - 8);

            int index = 0;
            for (Map.Entry<String, Histogram> curve : drawn.entrySet()) {
                Color color = COLORS[index % COLORS.length];
                g.setColor(color);
                g.setStroke(new BasicStroke(2f));
                g.draw(path(curve.getValue(), logMin, logMax, plotW, plotH));
                int legendY = TOP + 10 + index * 20;
                g.fillRect(LEFT + plotW + 15, legendY - 8, 14, 8);
                g.setColor(Color.BLACK);
                g.drawString(curve.getKey(), LEFT + plotW + 35, legendY);
                index++;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static Path2D path(Histogram h, double logMin, double logMax, int plotW, int plotH) {
        Path2D.Double path = new Path2D.Double();
        boolean first = true;
        for (HistogramIterationValue v : h.percentiles(5)) {
            double percentile = Math.min(v.getPercentileLevelIteratedTo(), 99.99);
            double xValue = Math.log10(1 / (1 - percentile / 100.0));
            double ms = Math.max(v.getValueIteratedTo() / 1000.0, Math.pow(10, logMin));
            double x = LEFT + plotW * Math.min(xValue, MAX_X) / MAX_X;
            double y = yOf(Math.log10(ms), logMin, logMax, plotH);
            if (first) {
                path.moveTo(x, y);
                first = false;
            } else {
                path.lineTo(x, y);
            }
            if (percentile >= 99.99) {
                break;
            }
        }
        return path;
    }

    private static int yOf(double logMs, double logMin, double logMax, int plotH) {
        return TOP + plotH - (int) (plotH * (logMs - logMin) / (logMax - logMin));
    }
}
