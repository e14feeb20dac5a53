package io.isula.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns as Docker's table output does ({@code tabwriter} with minimum
 * width 10 and padding 3): each column is as wide as its widest cell plus the padding; the last cell of a
 * line is not padded.
 */
public final class TabWriter {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<String[]> rows = new ArrayList<>();

    /** Adds one line; a cell is the text between tabs. */
    public TabWriter line(String line) {
        rows.add(line.split("\t", -1));
        return this;
    }

    public String render() {
        List<Integer> widths = new ArrayList<>();
        for (String[] row : rows) {
            for (int c = 0; c < row.length - 1; c++) {
                int w = Math.max(MIN_WIDTH, row[c].length() + PADDING);
                if (c >= widths.size()) {
                    widths.add(w);
                } else if (w > widths.get(c)) {
                    widths.set(c, w);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                b.append(row[c]);
                if (c < row.length - 1) {
                    b.append(" ".repeat(widths.get(c) - row[c].length()));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
