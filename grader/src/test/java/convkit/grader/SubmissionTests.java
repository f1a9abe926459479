package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTests {

    private static final String EX01 = "package convkit.exercises;\npublic final class Ex01OutputSize {}\n";

    @TempDir
    Path temp;

    private Path zip(String... namesAndContents) throws IOException {
        Path zip = temp.resolve("student.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void findsASourceAnywhereInAZipByPackageAndName() throws IOException {
        try (Submission submission = Submission.open(zip("deep/inside/my-project/Ex01OutputSize.java", EX01))) {
            assertTrue(submission.source("Ex01OutputSize").isPresent());
            assertEquals("student", submission.name());
        }
    }

    @Test
    void ignoresAFileWithTheRightNameInAnotherPackage() throws IOException {
        try (Submission submission = Submission.open(zip("Ex01OutputSize.java", "package other;\nclass Ex01OutputSize {}\n"))) {
            assertTrue(submission.source("Ex01OutputSize").isEmpty());
        }
    }

    @Test
    void skipsZipEntriesThatPointOutsideTheSubmission() throws IOException {
        try (Submission submission = Submission.open(zip("../../escaped/Ex01OutputSize.java", EX01))) {
            assertTrue(submission.source("Ex01OutputSize").isEmpty());
            assertTrue(submission.notes().getFirst().contains("points outside"), submission.notes().toString());
            assertFalse(Files.exists(submission.root().resolve("../../escaped/Ex01OutputSize.java").normalize()));
        }
    }

    /**
     * Hostile: a zip of 100 entries named to be skipped, each name 20,000 characters long, to fill every
     * report with notes (tried by hand through the command line: 300 such names of 60,000 characters, a
     * 36 MB zip, made an 18 MB results.json and printed as much). Twenty notes are kept, each quoting the
     * first 200 characters of its name and the name's length, and the rest are counted; the control is that
     * count, 80, so every entry was seen. A note that a limit cut the zip short is kept after the twenty.
     */
    @Test
    void aZipOfEntriesNamedToBeSkippedLeavesTwentyShortNotesAndACount() throws IOException {
        List<String> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(String.format("../%04d", i) + "a".repeat(20_000) + ".java");
            entries.add("");
        }
        try (Submission submission = Submission.open(zip(entries.toArray(String[]::new)))) {
            List<String> notes = submission.notes();
            assertEquals(Submission.MAX_NOTES + 1, notes.size(), notes.toString().substring(0, 2_000));
            assertEquals("skipped zip entry ../0000" + "a".repeat(convkit.grader.check.Expect.SHOWN_CAP - 7) + "… (20,012 characters): it"
                + " points outside the submission", notes.getFirst());
            assertEquals("… and 80 more notes like these, not shown", notes.getLast());
        }
        Path many = temp.resolve("many.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i <= Submission.MAX_ENTRIES; i++) {
                out.putNextEntry(new ZipEntry("../" + i + ".java"));
                out.closeEntry();
            }
        }
        try (Submission submission = Submission.open(many)) {
            assertTrue(submission.notes().contains("the zip has more than " + Submission.MAX_ENTRIES + " entries; the rest"
                + " was ignored"), submission.notes().toString());
        }
    }

    @Test
    void prefersTheMainSourceOverACopyAndSaysSo() throws IOException {
        Path main = temp.resolve("sub/src/main/java/convkit/exercises/Ex01OutputSize.java");
        Path copy = temp.resolve("sub/old/Ex01OutputSize.java");
        Files.createDirectories(main.getParent());
        Files.createDirectories(copy.getParent());
        Files.writeString(main, EX01);
        Files.writeString(copy, EX01);
        try (Submission submission = Submission.open(temp.resolve("sub"))) {
            assertEquals(main, submission.source("Ex01OutputSize").orElseThrow());
            assertTrue(submission.notes().getFirst().contains("found 2 times"), submission.notes().toString());
        }
    }

    /**
     * Hostile: exercise files that are symbolic links to the instructor's solutions (git and many
     * unzip tools keep links; the grader may read files its student may not): absolute, relative,
     * and a linked folder holding one. None is graded, and the notes say why. The control: the
     * same targets as plain files are found.
     */
    @Test
    void linksToFilesOutsideTheSubmissionAreNeverFollowedAndSaySo() throws IOException {
        Path solutions = temp.resolve("instructor/solutions");
        Files.createDirectories(solutions);
        for (String exercise : new String[] {"Ex01OutputSize", "Ex02Padding", "Ex03CrossCorrelation"}) {
            Files.writeString(solutions.resolve(exercise + ".java"), "package convkit.exercises;\npublic final class "
                + exercise + " {}\n");
        }
        Path exercises = temp.resolve("student/src/main/java/convkit/exercises");
        Files.createDirectories(exercises);
        Files.createSymbolicLink(exercises.resolve("Ex01OutputSize.java"), solutions.resolve("Ex01OutputSize.java"));
        Files.createSymbolicLink(exercises.resolve("Ex02Padding.java"),
            exercises.relativize(solutions.resolve("Ex02Padding.java")));
        Files.createSymbolicLink(temp.resolve("student/linked"), solutions);
        try (Submission submission = Submission.open(temp.resolve("student"))) {
            assertTrue(Files.isReadable(submission.root().resolve("linked/Ex03CrossCorrelation.java")), "the links lead to readable files");
            assertTrue(submission.source("Ex01OutputSize").isEmpty());
            assertTrue(submission.source("Ex02Padding").isEmpty());
            assertTrue(submission.source("Ex03CrossCorrelation").isEmpty());
            assertEquals(3, submission.notes().size(), "each once, though looked up three times: " + submission.notes());
            assertEquals(java.util.Optional.of("src/main/java/convkit/exercises/Ex02Padding.java"),
                submission.skippedLink("Ex02Padding"));
            assertTrue(submission.skippedLink("Ex03CrossCorrelation").isEmpty(), "its folder was the link");
            assertEquals(Set.of(
                "src/main/java/convkit/exercises/Ex01OutputSize.java is a symbolic link, which the grader does not follow:"
                    + " submit the file itself",
                "src/main/java/convkit/exercises/Ex02Padding.java is a symbolic link, which the grader does not follow:"
                    + " submit the file itself",
                "folder linked is a symbolic link, which the grader does not follow: put its files in the submission itself"),
                Set.copyOf(submission.notes()));
        }
        try (Submission control = Submission.open(solutions)) {
            assertTrue(control.source("Ex01OutputSize").isPresent());
            assertTrue(control.source("Ex03CrossCorrelation").isPresent());
        }
    }

    /**
     * Hostile: a link to an outside folder left in a zip's unpacked copy (by code run without a
     * sandbox, which may write there) must not make closing the submission delete what it leads to.
     */
    @Test
    void closingAZipsCopyDeletesNothingALinkInItLeadsTo() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("instructor"));
        Path kept = Files.writeString(outside.resolve("grades.csv"), "alice,10\n");
        Path root;
        try (Submission submission = Submission.open(zip("Ex01OutputSize.java", EX01))) {
            root = submission.root();
            Files.createSymbolicLink(root.resolve("link"), outside);
            Files.createSymbolicLink(root.resolve("file-link"), kept);
        }
        assertTrue(Files.exists(kept), "the file a link in the copy pointed to was deleted");
        assertEquals("alice,10\n", Files.readString(kept));
        assertFalse(Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the copy itself is gone");
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.txt"), "hello");
        assertThrows(IllegalArgumentException.class, () -> Submission.open(text));
    }

    @Test
    void randomBytesNamedZipAreUnreadableAndTheMessageNamesTheFile() throws IOException {
        Path garbage = Files.write(temp.resolve("notazip.zip"), "these are not the bytes of a zip".getBytes(StandardCharsets.UTF_8));
        UnreadableSubmissionException e = assertThrows(UnreadableSubmissionException.class, () -> Submission.open(garbage));
        assertEquals(garbage, e.file());
        assertTrue(e.getMessage().startsWith(garbage + " is not a readable zip file ("), e.getMessage());
    }

    /**
     * Hostile: a zip behind 2 GiB of nothing (a sparse hole; readers find a zip by its end, so it
     * opens): the grader reads no zip over its cap, so that a batch never copies one.
     */
    @Test
    void aZipLargerThanTheCapIsRefusedNamingItsSize() throws IOException {
        Path small = zip("a/Ex01OutputSize.java", EX01);
        Path padded = temp.resolve("padded.zip");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(padded.toFile(), "rw")) {
            file.seek(2L << 30);
            file.write(Files.readAllBytes(small));
        }
        UnreadableSubmissionException e = assertThrows(UnreadableSubmissionException.class, () -> Submission.open(padded));
        assertEquals(padded, e.file());
        assertTrue(e.getMessage().startsWith("padded.zip is 2.0 GiB ("), e.getMessage());
        assertTrue(e.getMessage().contains("more than the 1.0 GiB (1,073,741,824 bytes) the grader takes in a zip"), e.getMessage());
        try (Submission submission = Submission.open(small)) { // the same zip without the hole
            assertTrue(submission.source("Ex01OutputSize").isPresent());
        }
    }

    @Test
    void aTruncatedZipIsUnreadable() throws IOException {
        Path whole = zip("a/Ex01OutputSize.java", EX01, "a/Ex02Padding.java", EX01.repeat(20));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(temp.resolve("cut.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        UnreadableSubmissionException e = assertThrows(UnreadableSubmissionException.class, () -> Submission.open(cut));
        assertTrue(e.getMessage().contains("cut.zip"), e.getMessage());
    }

    @Test
    void aZipWhoseEntryDataIsDamagedIsUnreadableAndNamesTheEntry() throws IOException {
        Path zip = zip("a/Ex01OutputSize.java", EX01);
        byte[] bytes = Files.readAllBytes(zip);
        // the local header is 30 bytes plus the name; the compressed data follows it
        int data = 30 + "a/Ex01OutputSize.java".length();
        for (int i = data; i < data + 8; i++) {
            bytes[i] ^= (byte) 0x5A;
        }
        Files.write(zip, bytes);
        UnreadableSubmissionException e = assertThrows(UnreadableSubmissionException.class, () -> Submission.open(zip));
        assertTrue(e.getMessage().contains("entry a/Ex01OutputSize.java"), e.getMessage());
    }

    @Test
    void theMessageShowsControlCharactersOfAnEntryNameVisibly() throws IOException {
        String name = "a/\u001b[2JEx01OutputSize.java";
        Path zip = zip(name, EX01);
        byte[] bytes = Files.readAllBytes(zip);
        int data = 30 + name.getBytes(StandardCharsets.UTF_8).length;
        for (int i = data; i < data + 8; i++) {
            bytes[i] ^= (byte) 0x5A;
        }
        Files.write(zip, bytes);
        UnreadableSubmissionException e = assertThrows(UnreadableSubmissionException.class, () -> Submission.open(zip));
        assertTrue(e.getMessage().contains("entry a/\\x1b[2JEx01OutputSize.java"), e.getMessage());
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void anEmptyButValidZipOpensWithNothingInside() throws IOException {
        try (Submission submission = Submission.open(zip())) {
            assertTrue(submission.source("Ex01OutputSize").isEmpty());
        }
    }

    @Test
    void unpacksOnlyJavaFiles() throws IOException {
        try (Submission submission = Submission.open(zip("a/Ex01OutputSize.java", EX01, "a/run.sh", "rm -rf /"))) {
            assertFalse(Files.exists(submission.root().resolve("a/run.sh")));
            try (OutputStream ignored = OutputStream.nullOutputStream()) {
                assertTrue(Files.exists(submission.root().resolve("a/Ex01OutputSize.java")));
            }
        }
    }
}
