package io.ovsnet.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UndoStackTest {
    @Test
    void undoesLastFirstAndKeepsGoingPastAFailedUndo() {
        List<String> undone = new ArrayList<>();
        List<RuntimeException> reported = new ArrayList<>();
        IllegalStateException broken = new IllegalStateException("undo 2 broke");
        UndoStack undo = new UndoStack();
        undo.push(() -> undone.add("1"));
        undo.push(() -> {
            throw broken;
        });
        undo.push(() -> undone.add("3"));
        RuntimeException failure = new RuntimeException("step 4 failed");

        undo.unwind(failure, reported::add);
        undo.unwind(failure, reported::add);

        assertThat(undone).containsExactly("3", "1");
        assertThat(reported).containsExactly(broken);
        assertThat(failure.getSuppressed()).containsExactly(broken);
    }
}
