package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadLimitTest {

    @TempDir
    Path dir;

    @Test
    void bodyUpToTheLimitIsStored() throws Exception {
        Path f = dir.resolve("ok.csv");
        assertEquals(10, DefaultBulkServiceFactory.copyLimited(new ByteArrayInputStream(new byte[10]), f, 10));
        assertEquals(10, Files.size(f));
    }

    @Test
    void longerBodyIsRefusedWithoutReadingItAllAndLeavesNoFile() {
        Path f = dir.resolve("big.csv");
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                read[0] += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                return len;
            }
        };
        assertThrows(BulkService.UploadTooLargeException.class,
                () -> DefaultBulkServiceFactory.copyLimited(endless, f, 1_000_000));
        assertFalse(Files.exists(f));
        assertEquals(true, read[0] < 1_200_000, "stopped right after the limit: " + read[0]);
    }
}
