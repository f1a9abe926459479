package convkit.grader.run;

/**
 * What the two folder watches share ({@link ScratchWatch}, {@link WorkFolderWatch}): a look at the
 * child's folders every few milliseconds on a daemon thread while it runs, and once more as each of
 * its answers comes ({@link #lookNow}), so that files made between two looks cost the test that made
 * them; past a limit the child and everything it started are ended, and {@link #exceeded} says why.
 */
abstract class FolderWatch {

    private final Process process;
    private volatile String exceeded;

    FolderWatch(Process process) {
        this.process = process;
    }

    /** Why the child's folders are past a limit now, or null; called under this watch's lock. */
    abstract String over();

    /** Looks every {@code pollMillis} on a daemon thread named {@code name} until the child ends. */
    final void watchEvery(long pollMillis, String name) {
        Thread thread = new Thread(() -> {
            while (process.isAlive()) {
                if (look() != null || !ScratchWatch.pause(pollMillis)) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** What ended the child, or null while nothing has. */
    final String exceeded() {
        return exceeded;
    }

    /** Looks now, as between two looks, ending the child past a limit: why, or null. Asked as each answer comes. */
    final String lookNow() {
        return process.isAlive() ? look() : exceeded;
    }

    private synchronized String look() {
        if (exceeded == null) {
            String why = over();
            if (why != null) {
                exceeded = why;
                ScratchWatch.end(process);
            }
        }
        return exceeded;
    }
}
