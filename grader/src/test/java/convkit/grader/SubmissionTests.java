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
