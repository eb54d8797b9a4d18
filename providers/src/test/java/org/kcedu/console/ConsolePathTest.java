package org.kcedu.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Only plain relative paths inside the console folder are looked up on the classpath. */
class ConsolePathTest {

    @Test
    void plainPathsPass() {
        assertEquals("index.html", ConsoleResource.safePath("index.html"));
        assertEquals("assets/index-Ab12.js", ConsoleResource.safePath("assets/index-Ab12.js"));
        assertEquals("users/teacher@kc-edu.example", ConsoleResource.safePath("users/teacher@kc-edu.example"));
        assertEquals("assets/index.html", ConsoleResource.safePath("assets/"));
    }

    @Test
    void traversalAndOddPathsAreRefused() {
        for (String p : new String[] {"../index.html", "assets/../../org/kcedu/core/Caller.class", "..", ".",
                "./index.html", "assets//x.js", ".hidden", "assets/.env", "a\\..\\b", "C:/x", "jar:file:/x",
                "x\u0000.js", "x\n.js", ""}) {
            assertNull(ConsoleResource.safePath(p), p);
        }
        assertNull(ConsoleResource.safePath(null));
        assertNull(ConsoleResource.safePath("a/".repeat(300)));
    }
}
