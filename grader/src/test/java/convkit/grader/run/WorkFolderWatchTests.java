package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the walk of a working folder counts, in trees a child can make (the sandboxed attacks: SeparateUidTests). */
class WorkFolderWatchTests {

    private Path folder;

    @BeforeEach
    void makeFolder() throws IOException {
        folder = Files.createTempDirectory("convkit-work-walk");
    }

    @AfterEach
    void deleteFolder() {
        ChildInvoker.deleteTree(folder);
    }

    /** Runs {@code script} with bash in {@code folder} (bash's cd goes on where the full path is too long). */
    private void bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).directory(folder.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void filesBelowAPathLongerThanTheKernelTakesAreCounted() throws Exception {
        // 25 folders of 200 characters: more than 4,096 bytes of path down to the file
        bash("n=$(printf 'd%.0s' $(seq 200)); for i in $(seq 25); do mkdir $n && cd $n || exit 1; done; "
            + "head -c 1048576 /dev/zero > f");
        long[] held = WorkFolderWatch.held(folder);
        assertEquals(26, held[0], "25 folders and a file");
        assertEquals(1 << 20, held[1]);
        assertEquals(25, held[2]);
    }

    @Test
    void aChainDeeperThanTheWalkGoesIsCountedToOneLevelPastItsLimit() throws Exception {
        bash("for i in $(seq " + (WorkFolderWatch.MAX_DEPTH + 10) + "); do mkdir d && cd d || exit 1; done; touch f");
        long[] held = WorkFolderWatch.held(folder);
        assertEquals(WorkFolderWatch.MAX_DEPTH + 1, held[2]);
        assertEquals(WorkFolderWatch.MAX_DEPTH + 2, held[0], "the folders it reached, and the first below them");
    }

    @Test
    void linksAreCountedNotFollowed() throws Exception {
        bash("mkdir a && head -c 4096 /dev/zero > a/f && ln -s a b && ln -s / root");
        long[] held = WorkFolderWatch.held(folder);
        assertEquals(4, held[0]);
        assertEquals(4096, held[1]);
        assertEquals(1, held[2]);
    }
}
