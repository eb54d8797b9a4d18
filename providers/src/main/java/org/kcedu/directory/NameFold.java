package org.kcedu.directory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form in which kc-edu compares names: lower-cased, decomposed (NFD) and stripped of combining marks, so that
 * "Muñoz", "MUÑOZ" and "munoz" are equal and "Zoë" is "zoe". Letters that Unicode does not decompose into a base
 * letter and a mark (ß, ø, ł, đ, æ, œ, þ, ı) are mapped to what an English keyboard user would type. Both the stored
 * folded names ({@code EDU_USER_SEARCH}) and the search term go through this one function, so they always agree,
 * whatever the database's collation.
 */
public final class NameFold {

    /** The width of the folded columns; longer values are cut (a prefix search on 255 characters is still exact). */
    public static final int MAX = 255;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private NameFold() {
    }

    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        String lower = s.trim().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            switch (c) {
                case 'ß' -> b.append("ss");
                case 'ø' -> b.append('o');
                case 'ł' -> b.append('l');
                case 'đ', 'ð' -> b.append('d');
                case 'æ' -> b.append("ae");
                case 'œ' -> b.append("oe");
                case 'þ' -> b.append("th");
                case 'ı' -> b.append('i');
                default -> b.append(c);
            }
        }
        String folded = MARKS.matcher(Normalizer.normalize(b, Normalizer.Form.NFD)).replaceAll("");
        return folded.length() > MAX ? folded.substring(0, MAX) : folded;
    }
}
