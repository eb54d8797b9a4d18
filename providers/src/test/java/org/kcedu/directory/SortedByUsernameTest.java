package org.kcedu.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A search with few matches sorts them itself: by username, ties (none in practice) by id, a missing name first. */
class SortedByUsernameTest {

    @Test
    void rowsComeInUsernameOrderWhateverOrderTheDatabaseReadThemIn() {
        List<Object[]> read = List.of(
                new Object[] {"id-3", "jose.munoz.7@k12.example"},
                new Object[] {"id-1", "ana.nunez.2@k12.example"},
                new Object[] {"id-4", null},
                new Object[] {"id-2", "jose.munoz.12@k12.example"});
        assertEquals(List.of("id-4", "id-1", "id-2", "id-3"),
                DirectoryUsers.sortedByUsername(read).stream().map(r -> (String) r[0]).toList());
    }
}
