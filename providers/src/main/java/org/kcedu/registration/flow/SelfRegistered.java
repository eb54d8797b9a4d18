package org.kcedu.registration.flow;

/** The user attribute that marks an account created by self-registration (requirements §7.2.4 applies to these). */
public final class SelfRegistered {

    public static final String ATTRIBUTE = "kcedu.selfRegistered";

    private SelfRegistered() {
    }
}
