/** Builds the static lesson site from {@code lessons/}. */
package convkit.site;
