package org.kcedu.registration.branding;

import java.util.Locale;

/** WCAG 2.x contrast ratio of two sRGB colours given as {@code #rrggbb}. */
public final class Contrast {

    /** WCAG 2.0 AA for normal text (success criterion 1.4.3). */
    public static final double AA = 4.5;

    private Contrast() {
    }

    public static boolean isHexColour(String s) {
        return s != null && s.matches("#[0-9a-fA-F]{6}");
    }

    public static double ratio(String a, String b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int c) {
        double s = c / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    public static String format(double ratio) {
        return String.format(Locale.ROOT, "%.2f:1", ratio);
    }
}
