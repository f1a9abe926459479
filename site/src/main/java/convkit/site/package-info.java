/**
 * Builds the static lesson site from {@code lessons/}: {@link convkit.site.SiteBuilder} renders every
 * lesson (commonmark-java, YAML front matter, math for the bundled KaTeX, {@code jshell} blocks run
 * through the JShell API and cached by content hash, {@code figure:} images drawn as SVG from the
 * reference, the {@code explorer} block), adds the reference and exercise source pages, the progress
 * page (grader {@code results.json}), the performance page (recorded {@code convkit bench --json}),
 * the reference Javadoc and a search index, checks every internal link, and swaps the finished folder
 * in. Bad input throws {@link convkit.site.SiteException} with file and line.
 * {@link convkit.site.SiteServer} serves the result on localhost.
 *
 * <p>Public API: {@code SiteBuilder} (+ {@code Options}, {@code Report}), {@code SiteException},
 * {@code SiteServer}, {@code BenchmarkData}; everything else is internal.
 */
package convkit.site;
