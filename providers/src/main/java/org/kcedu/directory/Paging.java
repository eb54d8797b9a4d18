package org.kcedu.directory;

/** The {@code first}/{@code max} query parameters of every directory list. */
public final class Paging {

    public static final int DEFAULT_MAX = 100;
    public static final int MAX_MAX = 1000;

    private Paging() {
    }

    public static int first(Integer first) {
        return first == null || first < 0 ? 0 : first;
    }

    public static int max(Integer max) {
        return max == null || max <= 0 ? DEFAULT_MAX : Math.min(max, MAX_MAX);
    }
}
