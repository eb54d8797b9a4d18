package org.kcedu.audit.syslog;

import java.util.Locale;

/** Syslog facilities (RFC 5424 §6.2.1); configured by name ("authpriv", "local0") or by number. */
public enum Facility {
    KERN(0), USER(1), MAIL(2), DAEMON(3), AUTH(4), SYSLOG(5), LPR(6), NEWS(7), UUCP(8), CRON(9), AUTHPRIV(10),
    FTP(11), NTP(12), AUDIT(13), ALERT(14), CLOCK(15),
    LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    public final int code;

    Facility(int code) {
        this.code = code;
    }

    public static Facility parse(String value) {
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
            int n = Integer.parseInt(v);
            for (Facility f : values()) {
                if (f.code == n) {
                    return f;
                }
            }
            throw new IllegalArgumentException("syslog facility must be 0..23, got " + value);
        }
        try {
            return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown syslog facility '" + value + "' (use e.g. authpriv, auth, local0..local7)");
        }
    }
}
