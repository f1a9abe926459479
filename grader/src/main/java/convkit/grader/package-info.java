/** Grades students' exercises against hidden tests, in a child JVM. */
package convkit.grader;
